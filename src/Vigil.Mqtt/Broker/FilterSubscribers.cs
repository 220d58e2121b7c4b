namespace Vigil.Mqtt.Broker;

/// <summary>
/// The subscribers of one filter: direct ones and shared groups. Most filters have one direct
/// subscriber and no group, so both are kept as small as that allows (the one subscription itself, else an
/// exact-size array, replaced on change under the index's write lock; the group table only once a group exists).
/// </summary>
internal sealed class FilterSubscribers
{
    private object? _direct; // null, a Subscription, or a Subscription[] of two or more
    private Dictionary<string, SharedGroup>? _groups;

    public bool IsEmpty => _direct is null && _groups is null;

    /// <summary>Adds every direct subscriber and (when <paramref name="includeShared"/>) one member of each shared group to <paramref name="subscriptions"/>.</summary>
    public void CollectInto(List<Subscription> subscriptions, bool includeShared = true)
    {
        if (_direct is Subscription one)
        {
            subscriptions.Add(one);
        }
        else if (_direct is Subscription[] several)
        {
            subscriptions.AddRange(several);
        }
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
            if (_direct is Subscription[] several)
            {
                Subscription[] more = [.. several, subscription];
                _direct = more;
            }
            else
            {
                _direct = _direct is Subscription one ? new[] { one, subscription } : subscription;
            }
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
            if (ReferenceEquals(_direct, subscription))
            {
                _direct = null;
                return true;
            }
            if (_direct is not Subscription[] several || Array.IndexOf(several, subscription) is var index && index < 0)
            {
                return false;
            }
            Subscription[] rest = [.. several.AsSpan(0, index), .. several.AsSpan(index + 1)];
            _direct = rest.Length == 1 ? rest[0] : rest;
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
