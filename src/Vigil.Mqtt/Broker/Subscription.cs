using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Broker;

/// <summary>One session's subscription to one filter.</summary>
internal sealed class Subscription(MqttSession session, string filter, string topicFilter, string? shareGroup, TopicSubscription options, int? identifier)
{
    public MqttSession Session { get; } = session;
    /// <summary>The filter as the client sent it (the key of the subscription).</summary>
    public string Filter { get; } = filter;
    /// <summary>The filter matched against topics (without <c>$share/group/</c>).</summary>
    public string TopicFilter { get; } = topicFilter;
    public string? ShareGroup { get; } = shareGroup;
    public TopicSubscription Options { get; } = options;
    public int? Identifier { get; } = identifier;

    public bool HasWildcards => TopicFilter.AsSpan().IndexOfAny('+', '#') >= 0;

    /// <summary>Splits <c>$share/{group}/{filter}</c>; false when the share syntax or the filter is invalid.</summary>
    public static bool TryParse(string filter, out string topicFilter, out string? shareGroup)
    {
        topicFilter = filter;
        shareGroup = null;
        if (filter.StartsWith("$share/", StringComparison.Ordinal))
        {
            var rest = filter.AsSpan("$share/".Length);
            var slash = rest.IndexOf('/');
            if (slash <= 0 || rest[..slash].IndexOfAny('+', '#') >= 0)
            {
                return false;
            }
            shareGroup = rest[..slash].ToString();
            topicFilter = rest[(slash + 1)..].ToString();
        }
        return Mqtt.TopicFilter.IsValidFilter(topicFilter);
    }
}

/// <summary>
/// The subscribers of one filter: direct ones and shared groups. Most filters have one direct
/// subscriber and no group, so both are kept as small as that allows (an exact-size array, replaced
/// on change under the index's write lock; the group table only once a group exists).
/// </summary>
internal sealed class FilterSubscribers
{
    private Subscription[] _direct = [];
    private Dictionary<string, SharedGroup>? _groups;

    public bool IsEmpty => _direct.Length == 0 && _groups is null;

    /// <summary>Adds every direct subscriber and one member of each shared group to <paramref name="subscriptions"/>.</summary>
    public void CollectInto(List<Subscription> subscriptions)
    {
        subscriptions.AddRange(_direct);
        if (_groups is { } groups)
        {
            foreach (var (_, group) in groups)
            {
                subscriptions.Add(group.Pick());
            }
        }
    }

    public void Add(Subscription subscription)
    {
        if (subscription.ShareGroup is null)
        {
            _direct = [.. _direct, subscription];
            return;
        }
        _groups ??= new Dictionary<string, SharedGroup>(StringComparer.Ordinal);
        if (!_groups.TryGetValue(subscription.ShareGroup, out var group))
        {
            _groups[subscription.ShareGroup] = group = new SharedGroup();
        }
        group.Members.Add(subscription);
    }

    public void Remove(Subscription subscription)
    {
        if (subscription.ShareGroup is null)
        {
            var index = Array.IndexOf(_direct, subscription);
            if (index >= 0)
            {
                _direct = [.. _direct.AsSpan(0, index), .. _direct.AsSpan(index + 1)];
            }
        }
        else if (_groups is { } groups && groups.TryGetValue(subscription.ShareGroup, out var group))
        {
            group.Members.Remove(subscription);
            if (group.Members.Count == 0 && groups.Remove(subscription.ShareGroup) && groups.Count == 0)
            {
                _groups = null;
            }
        }
    }
}

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
