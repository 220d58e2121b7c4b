namespace Vigil.Broker.Cluster;

/// <summary>
/// The messages a node routed lately, by origin node and sequence number: a message that matches two of this
/// node's subscriptions arrives twice from NATS but is routed once (one delivery per session, as on one node).
/// </summary>
internal sealed class RecentMessages(int perOrigin = 8192)
{
    private readonly Dictionary<Guid, Window> _origins = [];

    /// <summary>True the first time a message is seen.</summary>
    public bool TryAdd(Guid origin, ulong sequence)
    {
        lock (_origins)
        {
            if (!_origins.TryGetValue(origin, out var window))
            {
                _origins[origin] = window = new Window(perOrigin);
            }
            return window.TryAdd(sequence);
        }
    }

    private sealed class Window(int capacity)
    {
        private readonly HashSet<ulong> _seen = new(capacity);
        private readonly Queue<ulong> _order = new(capacity);

        public bool TryAdd(ulong sequence)
        {
            if (!_seen.Add(sequence))
            {
                return false;
            }
            _order.Enqueue(sequence);
            if (_order.Count > capacity)
            {
                _seen.Remove(_order.Dequeue());
            }
            return true;
        }
    }
}
