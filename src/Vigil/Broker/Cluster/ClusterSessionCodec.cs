using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Vigil.Mqtt;
using Vigil.Mqtt.Broker;
using Vigil.Mqtt.Protocol;

namespace Vigil.Broker.Cluster;

/// <summary>
/// The bytes JetStream keeps for persistent sessions. A queued delivery: QoS (1), retain (1), subscription-id count
/// (2) and ids (4 each), topic length (2) and UTF-8 topic, then the message's <see cref="MqttClusterEnvelope"/>. A
/// session record: version (1), expiry (4), disconnected-at Unix milliseconds (8, -1 while online), client id, then
/// per subscription its filter, options byte and identifier (4); strings are a 2-byte length and UTF-8.
/// All integers are little-endian.
/// </summary>
internal static class ClusterSessionCodec
{
    private const byte RecordVersion = 1;

    public static byte[] Write(MqttClusterDelivery delivery, Guid origin)
    {
        var ids = delivery.SubscriptionIds ?? [];
        var topic = Encoding.UTF8.GetBytes(delivery.Message.Topic);
        var head = 4 + 4 * ids.Count + 2 + topic.Length;
        var data = new byte[head + MqttClusterEnvelope.SizeOf(delivery.Message)];
        data[0] = (byte)delivery.QoS;
        data[1] = delivery.Retain ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(2), (ushort)ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(4 + 4 * i), ids[i]);
        }
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(head - 2 - topic.Length), (ushort)topic.Length);
        topic.CopyTo(data.AsSpan(head - topic.Length));
        MqttClusterEnvelope.Write(data.AsSpan(head), delivery.Message, origin, 0);
        return data;
    }

    public static bool TryRead(byte[] bytes, out MqttClusterDelivery delivery)
    {
        ReadOnlySpan<byte> data = bytes;
        delivery = null!;
        if (data.Length < 6 || data[0] is < 1 or > 2)
        {
            return false;
        }
        var count = BinaryPrimitives.ReadUInt16LittleEndian(data[2..]);
        var at = 4 + 4 * count;
        if (data.Length < at + 2)
        {
            return false;
        }
        var ids = count == 0 ? null : new List<int>(count);
        for (var i = 0; i < count; i++)
        {
            ids!.Add(BinaryPrimitives.ReadInt32LittleEndian(data[(4 + 4 * i)..]));
        }
        var topicLength = BinaryPrimitives.ReadUInt16LittleEndian(data[at..]);
        if (data.Length < at + 2 + topicLength)
        {
            return false;
        }
        var topic = Encoding.UTF8.GetString(data.Slice(at + 2, topicLength));
        if (!MqttClusterEnvelope.TryRead(topic, new ReadOnlySequence<byte>(bytes, at + 2 + topicLength, bytes.Length - at - 2 - topicLength), out var message, out _, out _))
        {
            return false;
        }
        delivery = new MqttClusterDelivery(message, (MqttQoS)data[0], data[1] == 1, ids);
        return true;
    }

    public static byte[] Write(MqttClusterSession session)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        writer.Write(RecordVersion);
        writer.Write(session.ExpiryInterval);
        writer.Write(session.DisconnectedAt?.ToUnixTimeMilliseconds() ?? -1L);
        WriteString(writer, session.ClientId);
        writer.Write((ushort)session.Subscriptions.Count);
        foreach (var subscription in session.Subscriptions)
        {
            WriteString(writer, subscription.Filter);
            writer.Write(subscription.Options);
            writer.Write(subscription.Identifier);
        }
        writer.Flush();
        return stream.ToArray();
    }

    public static MqttClusterSession? ReadSession(byte[] data)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(data), Encoding.UTF8);
            if (reader.ReadByte() != RecordVersion)
            {
                return null;
            }
            var expiry = reader.ReadUInt32();
            var disconnectedAt = reader.ReadInt64();
            var clientId = ReadString(reader);
            var subscriptions = new MqttClusterSubscription[reader.ReadUInt16()];
            for (var i = 0; i < subscriptions.Length; i++)
            {
                subscriptions[i] = new MqttClusterSubscription(ReadString(reader), reader.ReadByte(), reader.ReadInt32());
            }
            if (disconnectedAt < 0)
            {
                return new MqttClusterSession(clientId, expiry, null, subscriptions);
            }
            return UnixMilliseconds.TryToTime(disconnectedAt, out var time) ? new MqttClusterSession(clientId, expiry, time, subscriptions) : null;
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ushort)bytes.Length);
        writer.Write(bytes);
    }

    private static string ReadString(BinaryReader reader) => Encoding.UTF8.GetString(reader.ReadBytes(reader.ReadUInt16()));
}
