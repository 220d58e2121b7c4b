using Vigil.Mqtt.Protocol;

namespace Vigil.Fuzz;

/// <summary>The conversations a broker fuzzing run starts from (the input layout of <see cref="BrokerInput"/>).</summary>
internal static class BrokerSeeds
{
    public static IEnumerable<(string Name, byte[] Input)> All()
    {
        var v5 = MqttVersion.V500;
        yield return ("subscriber-and-publisher", Input(
            Script(v5, Connect("a", v5), new SubscribePacket { PacketId = 1, Subscriptions = [new("t/#", MqttQoS.AtLeastOnce)] }),
            Script(MqttVersion.V311, Connect("b", MqttVersion.V311), Publish("t/1", MqttQoS.AtLeastOnce, 1), Publish("t/r", MqttQoS.AtMostOnce, 0, retain: true),
                DisconnectPacket.Normal)));
        yield return ("one-client-every-packet", Input(Script(v5,
            new ConnectPacket
            {
                ClientId = "w", Version = v5, CleanStart = false,
                Properties = new MqttProperties { SessionExpiryInterval = 60, TopicAliasMaximum = 4 },
                Will = new WillMessage { Topic = "w/gone", Payload = "x"u8.ToArray(), QoS = MqttQoS.AtLeastOnce },
            },
            new SubscribePacket { PacketId = 2, Subscriptions = [new("$share/g/t", MqttQoS.ExactlyOnce), new("w/+", MqttQoS.AtLeastOnce, NoLocal: true)] },
            new PublishPacket { Topic = "w/a", QoS = MqttQoS.ExactlyOnce, PacketId = 3, Properties = new MqttProperties { TopicAlias = 1 } },
            new PublishAckPacket(PacketType.PubRel, 3),
            new UnsubscribePacket { PacketId = 4, Filters = ["w/+"] },
            PingPacket.Request)));
        yield return ("session-taken-over", Input(
            Script(v5, new ConnectPacket { ClientId = "c", Version = v5, CleanStart = false, Properties = new MqttProperties { SessionExpiryInterval = 60 } },
                new SubscribePacket { PacketId = 5, Subscriptions = [new("c/#", MqttQoS.AtLeastOnce)] }),
            Script(v5, Connect("p", v5), Publish("c/1", MqttQoS.AtLeastOnce, 6)),
            Script(v5, new ConnectPacket { ClientId = "c", Version = v5, CleanStart = false, Properties = new MqttProperties { SessionExpiryInterval = 60 } },
                new PublishAckPacket(PacketType.PubAck, 1))));
    }

    private static ConnectPacket Connect(string clientId, MqttVersion version) => new() { ClientId = clientId, Version = version };

    private static PublishPacket Publish(string topic, MqttQoS qos, ushort packetId, bool retain = false) =>
        new() { Topic = topic, QoS = qos, PacketId = packetId, Retain = retain, Payload = "hello"u8.ToArray() };

    private static byte[] Script(MqttVersion version, params MqttPacket[] packets) =>
        [.. packets.SelectMany(packet => PacketWriter.ToArray(packet, version))];

    private static byte[] Input(params byte[][] scripts) =>
        [(byte)(scripts.Length - 1), .. scripts.SelectMany(script => (byte[])[(byte)script.Length, (byte)(script.Length >> 8), .. script])];
}
