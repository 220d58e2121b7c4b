namespace Vigil.Mqtt.Broker;

/// <summary>A shared subscription group: each message goes to one member, round robin, online members first.</summary>
internal sealed class SharedGroup
{
    private int _next;

    public List<Subscription> Members { get; } = [];

    public Subscription Pick()
    {
        var count = Members.Count;
        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)count);
        for (var i = 0; i < count; i++)
        {
            var candidate = Members[(start + i) % count];
            if (candidate.Session.IsOnline)
            {
                return candidate;
            }
        }
        return Members[start];
    }
}
