namespace Vigil.Mqtt.Broker;

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
