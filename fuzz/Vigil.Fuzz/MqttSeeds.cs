using System.Text;
using Vigil.Mqtt.Protocol;

namespace Vigil.Fuzz;

/// <summary>The inputs an MQTT fuzzing run starts from: a CONNECT and one valid packet of each kind a client sends, in both versions.</summary>
internal static class MqttSeeds
{
    public static IEnumerable<(string Name, byte[] Input)> All()
    {
        foreach (var version in (MqttVersion[])[MqttVersion.V311, MqttVersion.V500])
        {
            yield return ($"connect-{version}", Input(version, connected: false, Connect(version)));
            foreach (var (name, packet) in Packets(version == MqttVersion.V500))
            {
                yield return ($"{name}-{version}", Input(version, connected: true, packet));
            }
        }
    }

    private static byte[] Input(MqttVersion version, bool connected, MqttPacket packet)
    {
        var bytes = PacketWriter.ToArray(packet, version);
        return [(byte)((version == MqttVersion.V500 ? 1 : 0) | (connected ? 2 : 0)), (byte)(bytes.Length / 2), .. bytes];
    }

    private static ConnectPacket Connect(MqttVersion version) => new()
    {
        Version = version,
        ClientId = "phone-1",
        Username = "user",
        Password = Encoding.UTF8.GetBytes("token"),
        Will = new WillMessage { Topic = "u1/status", Payload = Encoding.UTF8.GetBytes("gone"), QoS = MqttQoS.AtLeastOnce },
        Properties = version == MqttVersion.V500 ? new MqttProperties { SessionExpiryInterval = 300, ReceiveMaximum = 10 } : null,
    };

    private static IEnumerable<(string Name, MqttPacket Packet)> Packets(bool v5)
    {
        var properties = v5
            ? new MqttProperties { MessageExpiryInterval = 60, ContentType = "text/plain", UserProperties = [new("k", "v")] }
            : null;
        yield return ("publish-qos0", new PublishPacket { Topic = "u1/in", Payload = Encoding.UTF8.GetBytes("hello") });
        yield return ("publish-qos1", new PublishPacket { Topic = "u1/in", QoS = MqttQoS.AtLeastOnce, PacketId = 7, Payload = Encoding.UTF8.GetBytes("hi"), Properties = properties });
        yield return ("publish-qos2", new PublishPacket { Topic = "a/b", QoS = MqttQoS.ExactlyOnce, PacketId = 8, Retain = true });
        yield return ("subscribe", new SubscribePacket { PacketId = 9, Subscriptions = [new("u1/+", MqttQoS.AtLeastOnce), new("$share/g/#", MqttQoS.ExactlyOnce, NoLocal: v5)] });
        yield return ("unsubscribe", new UnsubscribePacket { PacketId = 10, Filters = ["u1/+", "a/#"] });
        yield return ("disconnect", new DisconnectPacket { ReasonCode = v5 ? (byte)0x04 : (byte)0 });
        yield return ("pingreq", PingPacket.Request);
        yield return ("puback", new PublishAckPacket(PacketType.PubAck, 7, v5 ? (byte)0x10 : (byte)0, v5 ? new MqttProperties { ReasonString = "ok" } : null));
        yield return ("pubrel", new PublishAckPacket(PacketType.PubRel, 8));
    }
}
