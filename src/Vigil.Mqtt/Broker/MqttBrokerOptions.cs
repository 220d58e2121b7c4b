namespace Vigil.Mqtt.Broker;

/// <summary>Limits and behaviour of the broker. Every limit protects the process from one client.</summary>
public sealed class MqttBrokerOptions
{
    /// <summary>Largest packet accepted from a client (and advertised in v5 CONNACK).</summary>
    public int MaximumPacketSize { get; set; } = 256 * 1024;

    /// <summary>Concurrent connections; further CONNECTs get "server unavailable" / 0x97 Quota exceeded.</summary>
    public int MaximumConnections { get; set; } = 10_000;

    /// <summary>New connections per second across the broker (burst of one second); 0 is unlimited.</summary>
    public int ConnectionRatePerSecond { get; set; } = 2_000;

    /// <summary>Default publishes per second per client (burst of two seconds); 0 is unlimited.</summary>
    public double PublishRatePerClient { get; set; } = 100;

    /// <summary>QoS 1/2 messages sent but unacknowledged per client, when the client names no lower receive maximum.</summary>
    public ushort MaximumInflight { get; set; } = 100;

    /// <summary>
    /// QoS 1/2 messages held per session beyond the inflight window (offline or slow); further messages
    /// for that session are dropped and counted.
    /// </summary>
    public int MaximumQueuedMessages { get; set; } = 1_000;

    /// <summary>Packets waiting to be written per connection; QoS 0 messages beyond it are dropped.</summary>
    public int MaximumOutgoingPackets { get; set; } = 2_000;

    /// <summary>QoS 2 messages a client may have awaiting PUBREL (the server's receive maximum).</summary>
    public ushort ReceiveMaximum { get; set; } = 100;

    /// <summary>Topic aliases a v5 client may define towards the broker.</summary>
    public ushort TopicAliasMaximum { get; set; } = 32;

    /// <summary>Retained messages held; a new topic beyond it is not retained (updates and deletes still work).</summary>
    public int MaximumRetainedMessages { get; set; } = 100_000;

    /// <summary>Cap on a v5 session expiry interval, in seconds.</summary>
    public uint MaximumSessionExpiry { get; set; } = 7 * 24 * 3600;

    /// <summary>If set, the keep-alive the broker imposes on v5 clients (server keep-alive).</summary>
    public ushort? ServerKeepAlive { get; set; }

    /// <summary>Time allowed between opening the connection and a CONNECT.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often keep-alives, token expiry, will delays and session expiry are checked.</summary>
    public TimeSpan HousekeepingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often <c>$SYS/broker/…</c> statistics are published; zero turns them off.</summary>
    public TimeSpan StatisticsInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A directory for the session log: persistent sessions (their subscriptions, queued and in-flight QoS 1/2 messages,
    /// QoS 2 state) and retained messages survive a restart or a crash, and a QoS 1/2 message for a persistent session
    /// is on disk before its publisher gets PUBACK/PUBREC. Null: in memory only.
    /// </summary>
    public string? PersistenceDirectory { get; set; }

    /// <summary>
    /// How long the session log waits after a first record before it syncs, so that one sync covers every record that
    /// arrives meanwhile: acknowledgements wait up to this much longer, and the log syncs at most once per delay.
    /// </summary>
    public TimeSpan SessionLogCommitDelay { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>3.1.1 has no way to refuse a PUBLISH: true closes the connection, false acknowledges and drops it.</summary>
    public bool DisconnectOnUnauthorizedPublishV311 { get; set; } = true;
}
