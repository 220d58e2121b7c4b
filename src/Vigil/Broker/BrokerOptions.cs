using Vigil.Mqtt.Broker;

namespace Vigil.Broker;

/// <summary>Settings under <c>Vigil:Broker</c>.</summary>
public sealed class BrokerOptions
{
    public const string Section = "Vigil:Broker";

    /// <summary>Run the MQTT broker at all (TCP, TLS and the WebSocket endpoint).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Plain MQTT port; 0 turns the listener off.</summary>
    public int TcpPort { get; set; } = 1883;

    /// <summary>MQTT over TLS port (8883 by convention); 0 turns it off. Needs <see cref="CertificatePath"/>.</summary>
    public int TlsPort { get; set; }

    /// <summary>A PEM certificate (with <see cref="CertificateKeyPath"/> or its key inside) or a PKCS#12 file.</summary>
    public string? CertificatePath { get; set; }
    public string? CertificateKeyPath { get; set; }
    public string? CertificatePassword { get; set; }

    /// <summary>Address the MQTT listeners bind to. Loopback by default; set 0.0.0.0 (or ::) to serve phones.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>In Production plain TCP is refused unless a TLS-terminating proxy sits in front and this says so.</summary>
    public bool AllowPlainTcpInProduction { get; set; }

    /// <summary>The only topics a device may publish to.</summary>
    public List<string> CommandTopics { get; set; } = ["request_contact", "accept_contact", "get_contact_list"];

    /// <summary>
    /// What serves <see cref="TcpPort"/>: Vigil's own epoll event loops (the default, Linux on x86-64) or
    /// Kestrel's sockets (elsewhere, and on request). TLS and WebSocket are always Kestrel's.
    /// </summary>
    public MqttTcpTransport TcpTransport { get; set; } = MqttTcpTransport.EventLoop;

    /// <summary>Event-loop threads for <see cref="TcpTransport"/> <c>EventLoop</c>; connections are spread over them in turn.</summary>
    public int EventLoops { get; set; } = 1;

    /// <summary>
    /// For a node that serves MQTT only: socket I/O and the broker's work run on one event thread instead
    /// of going through the thread pool (<c>vigil serve</c> sets the runtime's socket variables for it;
    /// see docs/operations.md). Process-wide, HTTP included.
    /// </summary>
    public bool InlineSocketIo { get; set; }

    /// <summary>How often live handler connections are checked against revoked keys (and closed, 0x98).</summary>
    public TimeSpan RevokedKeyCheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Keep persistent sessions and retained messages in <c>{DataDirectory}/broker/sessions.log</c> (or
    /// <c>Limits:PersistenceDirectory</c>), so that they survive a restart or a crash (see docs/operations.md).
    /// </summary>
    public bool PersistSessions { get; set; } = true;

    /// <summary>Run the contacts handlers inside the server (connected in memory).</summary>
    public bool InProcessContactsHandler { get; set; } = true;

    /// <summary>Broker limits: packet size, connections, rates, queues (see docs/configuration.md).</summary>
    public MqttBrokerOptions Limits { get; set; } = new();
}

/// <summary>What serves the plain MQTT TCP port.</summary>
public enum MqttTcpTransport
{
    /// <summary>Vigil's own epoll loops, where supported (Linux on x86-64); Kestrel elsewhere.</summary>
    EventLoop,

    /// <summary>Kestrel's socket transport, as the TLS and WebSocket endpoints are.</summary>
    Kestrel,
}
