using System.Net.Security;
using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Client;

/// <summary>Where and how <see cref="MqttClient"/> connects.</summary>
public sealed class MqttClientOptions
{
    /// <summary>Broker host for TCP/TLS.</summary>
    public string Host { get; set; } = "127.0.0.1";
    /// <summary>Broker port for TCP/TLS.</summary>
    public int Port { get; set; } = 1883;
    /// <summary>Connect over TLS.</summary>
    public bool UseTls { get; set; }
    /// <summary>Server certificate check for TLS; null uses the system's.</summary>
    public RemoteCertificateValidationCallback? CertificateValidation { get; set; }
    /// <summary>Connect over a WebSocket (ws:// or wss://) instead of TCP.</summary>
    public Uri? WebSocketUri { get; set; }
    /// <summary>An already open transport (for example <see cref="Broker.MqttBroker.ConnectInMemory"/>); overrides host, port and URI.</summary>
    public Func<System.IO.Pipelines.IDuplexPipe>? Transport { get; set; }
    /// <summary>Protocol version.</summary>
    public MqttVersion Version { get; set; } = MqttVersion.V500;
    /// <summary>Client identifier; empty asks the server to assign one (v5) or to keep no session (3.1.1).</summary>
    public string ClientId { get; set; } = "";
    /// <summary>Clean session / clean start.</summary>
    public bool CleanStart { get; set; } = true;
    /// <summary>Keep-alive in seconds.</summary>
    public ushort KeepAlive { get; set; } = 60;
    /// <summary>Send PINGREQ on the keep-alive interval (turn off to let the server time the client out).</summary>
    public bool SendPings { get; set; } = true;
    /// <summary>User name.</summary>
    public string? Username { get; set; }
    /// <summary>Password.</summary>
    public string? Password { get; set; }
    /// <summary>Will.</summary>
    public WillMessage? Will { get; set; }
    /// <summary>v5 CONNECT properties (session expiry, receive maximum, topic alias maximum, …).</summary>
    public MqttProperties? ConnectProperties { get; set; }
    /// <summary>Acknowledge received QoS 1/2 messages automatically; off, call <see cref="MqttClient.AcknowledgeAsync"/>.</summary>
    public bool AutoAcknowledge { get; set; } = true;
    /// <summary>How long a request waits for its answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Options for a URI: <c>mqtt://host:port</c>, <c>mqtts://host:port</c>, <c>ws://…/mqtt</c> or <c>wss://…</c>.</summary>
    public static MqttClientOptions FromUri(Uri uri)
    {
        var options = new MqttClientOptions();
        switch (uri.Scheme)
        {
            case "mqtt" or "tcp":
                options.Host = uri.Host;
                options.Port = uri.IsDefaultPort ? 1883 : uri.Port;
                break;
            case "mqtts" or "ssl":
                options.Host = uri.Host;
                options.Port = uri.IsDefaultPort ? 8883 : uri.Port;
                options.UseTls = true;
                break;
            case "ws" or "wss":
                options.WebSocketUri = uri;
                break;
            default:
                throw new ArgumentException($"unsupported broker address scheme '{uri.Scheme}' (use mqtt://, mqtts://, ws:// or wss://)", nameof(uri));
        }
        return options;
    }
}
