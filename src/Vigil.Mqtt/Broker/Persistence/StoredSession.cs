namespace Vigil.Mqtt.Broker.Persistence;

/// <summary>One persistent session as the log last described it, kept as the records that say so (for compaction and restore).</summary>
internal sealed class StoredSession
{
    public required byte[] Started { get; set; }
    public byte[]? Disconnected { get; set; }
    public Dictionary<string, byte[]> Subscriptions { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<long, byte[]> Queued { get; } = [];
    public SortedDictionary<long, byte[]> Released { get; } = [];
    public Dictionary<ushort, byte[]> IncomingQoS2 { get; } = [];
}
