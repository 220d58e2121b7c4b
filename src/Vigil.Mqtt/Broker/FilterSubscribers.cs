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

    /// <summary>Adds every direct subscriber and (when <paramref name="includeShared"/>) one member of each shared group to <paramref name="subscriptions"/>.</summary>
    public void CollectInto(List<Subscription> subscriptions, bool includeShared = true)
    {
        subscriptions.AddRange(_direct);
        if (includeShared && _groups is { } groups)
        {
            foreach (var (_, group) in groups)
            {
                subscriptions.Add(group.Pick());
            }
        }
    }

    /// <summary>One member of <paramref name="group"/>, or null when the group has none.</summary>
    public Subscription? PickFrom(string group) =>
        _groups is { } groups && groups.TryGetValue(group, out var shared) && shared.Members.Count > 0 ? shared.Pick() : null;

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

    /// <summary>False when the subscription was not here.</summary>
    public bool Remove(Subscription subscription)
    {
        if (subscription.ShareGroup is null)
        {
            var index = Array.IndexOf(_direct, subscription);
            if (index < 0)
            {
                return false;
            }
            _direct = [.. _direct.AsSpan(0, index), .. _direct.AsSpan(index + 1)];
            return true;
        }
        if (_groups is not { } groups || !groups.TryGetValue(subscription.ShareGroup, out var group) || !group.Members.Remove(subscription))
        {
            return false;
        }
        if (group.Members.Count == 0 && groups.Remove(subscription.ShareGroup) && groups.Count == 0)
        {
            _groups = null;
        }
        return true;
    }
}
