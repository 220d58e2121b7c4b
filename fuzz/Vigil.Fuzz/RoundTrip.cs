using System.Buffers;
using Vigil.Mqtt.Protocol;

namespace Vigil.Fuzz;

/// <summary>
/// What Vigil accepts it must be able to send on: a packet it read writes back into bytes that read back as the same
/// kind of packet, whole. A received PUBLISH is written as the broker writes a delivery, to a 3.1.1 and to a 5.0
/// subscriber (its topic alias resolved, so without one).
/// </summary>
internal static class RoundTrip
{
    public static void Packet(MqttPacket packet, MqttVersion version)
    {
        var bytes = new ReadOnlySequence<byte>(PacketWriter.ToArray(packet, version));
        if (!PacketReader.TryRead(ref bytes, packet is ConnectPacket ? null : version, int.MaxValue, out var again)
            || !bytes.IsEmpty || again.GetType() != packet.GetType())
        {
            throw new InvalidOperationException($"{packet.GetType().Name} written in {version} does not read back");
        }
    }

    public static void Delivery(PublishFields publish)
    {
        if (publish.Topic.Length == 0)
        {
            return; // only a topic alias: the broker resolves it from the connection's earlier PUBLISHes
        }
        var properties = publish.Properties?.Clone();
        if (properties is not null)
        {
            properties.TopicAlias = null;
        }
        foreach (var version in (ReadOnlySpan<MqttVersion>)[MqttVersion.V311, MqttVersion.V500])
        {
            var output = new ArrayBufferWriter<byte>();
            (publish with { Properties = properties }).Write(output, version);
            var bytes = new ReadOnlySequence<byte>(output.WrittenMemory);
            if (!PacketReader.TryReadPublish(ref bytes, version, int.MaxValue, out var again) || !bytes.IsEmpty
                || again.Topic != publish.Topic || !again.Payload.Span.SequenceEqual(publish.Payload.Span))
            {
                throw new InvalidOperationException($"a delivery written in {version} does not read back");
            }
        }
    }
}
