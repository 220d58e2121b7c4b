namespace Vigil.Broker.Cluster;

/// <summary>Settings under <c>Vigil:Broker:Cluster</c>: several Vigil nodes serving one MQTT namespace through NATS.</summary>
public sealed class ClusterOptions
{
    public const string Section = "Vigil:Broker:Cluster";

    /// <summary>Comma-separated <c>nats://host:port</c> URLs of the NATS cluster; empty: this node is a broker on its own.</summary>
    public string? NatsUrls { get; set; }

    /// <summary>The first subject token of everything Vigil sends, so that several Vigil clusters can share one NATS.</summary>
    public string SubjectPrefix { get; set; } = "vigil";

    /// <summary>Replicas of the JetStream buckets and stream (retained messages, persistent sessions and their queues); at most the number of NATS servers.</summary>
    public int Replicas { get; set; } = 3;

    /// <summary>How often a node reports its figures to the others (for <c>$SYS/broker/cluster/…</c>).</summary>
    public TimeSpan StatisticsInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Messages waiting for NATS before the oldest are dropped (while NATS is away).</summary>
    public int OutboxCapacity { get; set; } = 65_536;

    /// <summary>
    /// How long a message from a persistent session's queue waits for the client's acknowledgement before the queue
    /// offers it again: after a node dies, the time until its clients' unacknowledged messages reach them elsewhere.
    /// </summary>
    public TimeSpan SessionRedeliveryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(NatsUrls);
}
