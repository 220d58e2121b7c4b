using System.Diagnostics;
using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Broker;

/// <summary>
/// The broker's trace source: one <c>mqtt connect</c> span per CONNECT (authentication included), tagged with the
/// protocol version and, when refused, the reason code. A host listens with <c>AddSource(MqttBrokerTelemetry.SourceName)</c>.
/// </summary>
public static class MqttBrokerTelemetry
{
    /// <summary>The <see cref="ActivitySource"/> name.</summary>
    public const string SourceName = "Vigil.Mqtt.Broker";

    internal static readonly ActivitySource Source = new(SourceName);

    internal static Activity? StartConnect(MqttVersion version)
    {
        var activity = Source.StartActivity("mqtt connect", ActivityKind.Server);
        activity?.SetTag("network.protocol.name", "mqtt");
        activity?.SetTag("network.protocol.version", version == MqttVersion.V500 ? "5" : "3.1.1");
        return activity;
    }

    internal static void Refused(Activity? activity, byte v5Reason)
    {
        activity?.SetTag("mqtt.connack.reason_code", v5Reason);
        activity?.SetStatus(ActivityStatusCode.Error, "refused");
    }
}
