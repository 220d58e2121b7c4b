using System.Buffers;

namespace Vigil.Mqtt.Protocol;

/// <summary>CONNECT (§3.1).</summary>
public sealed class ConnectPacket : MqttPacket
{
    /// <inheritdoc />
    public override PacketType Type => PacketType.Connect;
    /// <summary>Protocol level.</summary>
    public MqttVersion Version { get; init; } = MqttVersion.V500;
    /// <summary>Clean session (3.1.1) / clean start (5.0).</summary>
    public bool CleanStart { get; init; } = true;
    /// <summary>Keep-alive in seconds; 0 turns it off.</summary>
    public ushort KeepAlive { get; init; } = 60;
    /// <summary>Client identifier; may be empty.</summary>
    public string ClientId { get; init; } = "";
    /// <summary>Will, if any.</summary>
    public WillMessage? Will { get; init; }
    /// <summary>User name, if any.</summary>
    public string? Username { get; init; }
    /// <summary>Password, if any.</summary>
    public byte[]? Password { get; init; }
    /// <summary>v5 properties.</summary>
    public MqttProperties? Properties { get; init; }

    internal static ConnectPacket Parse(ref SequenceReader<byte> body)
    {
        var name = PacketReader.ReadString(ref body);
        var level = PacketReader.ReadByte(ref body);
        if (name is not ("MQTT" or "MQIsdp"))
        {
            throw new MqttProtocolException($"protocol name \"{name}\"", MqttProtocolException.UnsupportedProtocolVersion);
        }
        if (name != "MQTT" || level is not (4 or 5))
        {
            throw new MqttProtocolException($"protocol level {level}", MqttProtocolException.UnsupportedProtocolVersion);
        }
        var version = (MqttVersion)level;
        var flags = PacketReader.ReadByte(ref body);
        if ((flags & 0x01) != 0)
        {
            throw new MqttProtocolException("reserved CONNECT flag set");
        }
        var hasWill = (flags & 0x04) != 0;
        var willQoS = (flags >> 3) & 0x03;
        var willRetain = (flags & 0x20) != 0;
        var hasPassword = (flags & 0x40) != 0;
        var hasUsername = (flags & 0x80) != 0;
        if (willQoS == 3 || !hasWill && (willQoS != 0 || willRetain))
        {
            throw new MqttProtocolException("will flags are inconsistent");
        }
        if (version == MqttVersion.V311 && hasPassword && !hasUsername)
        {
            throw new MqttProtocolException("password without user name");
        }
        var keepAlive = PacketReader.ReadUInt16(ref body);
        var properties = version == MqttVersion.V500 ? MqttProperties.Read(ref body, PacketType.Connect) : null;
        var clientId = PacketReader.ReadString(ref body);
        WillMessage? will = null;
        if (hasWill)
        {
            var willProperties = version == MqttVersion.V500 ? MqttProperties.Read(ref body, PacketType.Connect, will: true) : null;
            var topic = PacketReader.ReadString(ref body);
            if (!TopicFilter.IsValidTopicName(topic))
            {
                throw new MqttProtocolException("will topic is not a valid topic name", MqttProtocolException.TopicNameInvalid);
            }
            will = new WillMessage { Topic = topic, Payload = PacketReader.ReadBinary(ref body), QoS = (MqttQoS)willQoS, Retain = willRetain, Properties = willProperties };
        }
        return new ConnectPacket
        {
            Version = version,
            CleanStart = (flags & 0x02) != 0,
            KeepAlive = keepAlive,
            ClientId = clientId,
            Will = will,
            Username = hasUsername ? PacketReader.ReadString(ref body) : null,
            Password = hasPassword ? PacketReader.ReadBinary(ref body) : null,
            Properties = properties,
        };
    }

    internal override int BodySize(MqttVersion version)
    {
        var size = 6 + 1 + 1 + 2 + PacketWriter.SizeOfString(ClientId);
        if (Version == MqttVersion.V500)
        {
            size += PacketWriter.SizeOfProperties(Properties);
        }
        if (Will is { } will)
        {
            size += PacketWriter.SizeOfString(will.Topic) + 2 + will.Payload.Length;
            size += Version == MqttVersion.V500 ? PacketWriter.SizeOfProperties(will.Properties) : 0;
        }
        size += Username is null ? 0 : PacketWriter.SizeOfString(Username);
        size += Password is null ? 0 : 2 + Password.Length;
        return size;
    }

    internal override void WriteBody(Span<byte> destination, MqttVersion version)
    {
        var w = new BodyWriter(destination);
        w.String("MQTT");
        w.Byte((byte)Version);
        var flags = (CleanStart ? 0x02 : 0) | (Username is null ? 0 : 0x80) | (Password is null ? 0 : 0x40);
        if (Will is { } will)
        {
            flags |= 0x04 | (byte)will.QoS << 3 | (will.Retain ? 0x20 : 0);
        }
        w.Byte((byte)flags);
        w.UInt16(KeepAlive);
        if (Version == MqttVersion.V500)
        {
            w.Properties(Properties);
        }
        w.String(ClientId);
        if (Will is not null)
        {
            if (Version == MqttVersion.V500)
            {
                w.Properties(Will.Properties);
            }
            w.String(Will.Topic);
            w.Binary(Will.Payload.Span);
        }
        if (Username is not null)
        {
            w.String(Username);
        }
        if (Password is not null)
        {
            w.Binary(Password);
        }
    }
}
