namespace Vigil.Mqtt.Broker;

/// <summary>
/// Finds the subscriptions matching a topic: a dictionary for filters without wildcards (the common
/// case: one lookup per publish) and a trie of levels for the rest, walked only when it is not empty.
/// A filter without wildcards that one client alone subscribes to (a phone's own topics) maps straight to its
/// <see cref="Subscription"/>; a <see cref="FilterSubscribers"/> is made when a second one, or a shared group, joins.
/// </summary>
internal sealed class SubscriptionIndex
{
    private readonly ReaderWriterLockSlim _lock = new();
    private readonly Dictionary<string, object> _exact = new(StringComparer.Ordinal); // a Subscription or a FilterSubscribers
    private readonly Node _root = new();
    private int _wildcardFilters;

    public int Count { get; private set; }

    public void Add(Subscription subscription)
    {
        _lock.EnterWriteLock();
        try
        {
            if (subscription.HasWildcards || !TryAddAlone(subscription))
            {
                SubscribersOf(subscription.TopicFilter, subscription.HasWildcards, create: true)!.Add(subscription);
            }
            Count++;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>False when the subscription was not in the index.</summary>
    public bool Remove(Subscription subscription)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!subscription.HasWildcards && _exact.TryGetValue(subscription.TopicFilter, out var alone) && alone is Subscription)
            {
                if (!ReferenceEquals(alone, subscription))
                {
                    return false;
                }
                _exact.Remove(subscription.TopicFilter);
                Count--;
                return true;
            }
            var subscribers = SubscribersOf(subscription.TopicFilter, subscription.HasWildcards, create: false);
            if (subscribers is null || !subscribers.Remove(subscription))
            {
                return false;
            }
            Count--;
            if (subscribers.IsEmpty && !subscription.HasWildcards)
            {
                _exact.Remove(subscription.TopicFilter);
            }
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Adds every matching direct subscription and (when <paramref name="includeShared"/>) one member of every
    /// matching shared group to <paramref name="subscriptions"/>; <paramref name="sets"/> is scratch space.
    /// </summary>
    public void Match(string topic, List<FilterSubscribers> sets, List<Subscription> subscriptions, bool includeShared = true)
    {
        _lock.EnterReadLock();
        try
        {
            if (_exact.TryGetValue(topic, out var exact))
            {
                if (exact is Subscription alone)
                {
                    subscriptions.Add(alone);
                }
                else
                {
                    sets.Add((FilterSubscribers)exact);
                }
            }
            if (_wildcardFilters > 0)
            {
                MatchLevels(_root, topic.AsSpan(), atRoot: true, topic.StartsWith('$'), sets);
            }
            foreach (var set in sets)
            {
                set.CollectInto(subscriptions, includeShared);
            }
        }
        finally
        {
            _lock.ExitReadLock();
            sets.Clear();
        }
    }

    /// <summary>One member of the shared group of <paramref name="interest"/>, or null when it has none here.</summary>
    public Subscription? PickShared(MqttInterest interest)
    {
        _lock.EnterReadLock();
        try
        {
            var wildcards = interest.TopicFilter.AsSpan().IndexOfAny('+', '#') >= 0;
            return interest.ShareGroup is { } group ? SubscribersOf(interest.TopicFilter, wildcards, create: false)?.PickFrom(group) : null;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private static void MatchLevels(Node node, ReadOnlySpan<char> rest, bool atRoot, bool dollarTopic, List<FilterSubscribers> matches)
    {
        var wildcardsAllowed = !(atRoot && dollarTopic);
        if (wildcardsAllowed && node.MultiLevel is { } hash)
        {
            matches.Add(hash);
        }
        var slash = rest.IndexOf('/');
        var level = slash < 0 ? rest : rest[..slash];
        // Past the last level there is nothing left, but "a/" has an empty last level: keep them apart.
        var next = slash < 0 ? ReadOnlySpan<char>.Empty : rest[(slash + 1)..];
        var last = slash < 0;
        if (node.Children is { } children && children.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(level, out var child))
        {
            Descend(child, next, last, dollarTopic, matches);
        }
        if (wildcardsAllowed && node.SingleLevel is { } plus)
        {
            Descend(plus, next, last, dollarTopic, matches);
        }
    }

    private static void Descend(Node child, ReadOnlySpan<char> next, bool last, bool dollarTopic, List<FilterSubscribers> matches)
    {
        if (last)
        {
            if (child.Here is { } here)
            {
                matches.Add(here);
            }
            if (child.MultiLevel is { } hash)
            {
                matches.Add(hash); // "a/#" matches "a"
            }
            return;
        }
        MatchLevels(child, next, atRoot: false, dollarTopic, matches);
    }

    /// <summary>The first plain subscription to a filter without wildcards goes in alone; false when it cannot.</summary>
    private bool TryAddAlone(Subscription subscription)
    {
        if (subscription.ShareGroup is not null || _exact.ContainsKey(subscription.TopicFilter))
        {
            return false;
        }
        _exact[subscription.TopicFilter] = subscription;
        return true;
    }

    private FilterSubscribers? SubscribersOf(string topicFilter, bool hasWildcards, bool create)
    {
        if (!hasWildcards)
        {
            _exact.TryGetValue(topicFilter, out var entry);
            if (entry is FilterSubscribers set)
            {
                return set;
            }
            if (!create)
            {
                return null;
            }
            set = new FilterSubscribers();
            if (entry is Subscription alone)
            {
                set.Add(alone);
            }
            _exact[topicFilter] = set;
            return set;
        }
        var node = _root;
        var levels = topicFilter.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if (level == "#")
            {
                if (node.MultiLevel is null && create)
                {
                    node.MultiLevel = new FilterSubscribers();
                    _wildcardFilters++;
                }
                return node.MultiLevel;
            }
            Node? child;
            if (level == "+")
            {
                child = node.SingleLevel ??= create ? new Node() : null;
            }
            else
            {
                node.Children ??= new Dictionary<string, Node>(StringComparer.Ordinal);
                if (!node.Children.TryGetValue(level, out child) && create)
                {
                    node.Children[level] = child = new Node();
                }
            }
            if (child is null)
            {
                return null;
            }
            node = child;
        }
        if (node.Here is null && create)
        {
            node.Here = new FilterSubscribers();
            _wildcardFilters++;
        }
        return node.Here;
    }

    /// <summary>One level of the trie. Empty nodes are kept: filters come back, and the count is bounded by subscriptions ever made.</summary>
    private sealed class Node
    {
        public Dictionary<string, Node>? Children;
        public Node? SingleLevel;
        public FilterSubscribers? MultiLevel;
        public FilterSubscribers? Here;
    }
}
