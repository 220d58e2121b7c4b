using System.Buffers;
using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Broker;

internal sealed partial class MqttConnection
{
    /// <summary>
    /// Encodes a delivery for this client: remaining message expiry, subscription identifiers and an
    /// outbound topic alias (v5). A message that has expired or exceeds the client's maximum packet
    /// size is discarded as if delivered (§3.1.2.11.4). Runs on the writer only.
    /// </summary>
    private int WriteDelivery(IBufferWriter<byte> output, Outgoing item)
    {
        var delivery = item.Delivery!;
        var message = delivery.Message;
        var now = _broker.Now;
        if (message.ExpiresAt <= now)
        {
            return Discard(item);
        }
        var topic = message.Topic;
        MqttProperties? properties = null;
        ushort newAlias = 0;
        if (Version == MqttVersion.V500)
        {
            var aliased = _clientTopicAliasMaximum > 0;
            if (message.Properties is not null || message.ExpiresAt is not null || delivery.SubscriptionIds is not null || aliased)
            {
                properties = message.Properties?.Clone() ?? new MqttProperties();
                properties.SubscriptionIdentifiers = delivery.SubscriptionIds;
                if (message.ExpiresAt is { } expiresAt)
                {
                    properties.MessageExpiryInterval = (uint)Math.Ceiling((expiresAt - now).TotalSeconds);
                }
                if (aliased)
                {
                    _outboundAliases ??= new Dictionary<string, ushort>(StringComparer.Ordinal);
                    if (_outboundAliases.TryGetValue(topic, out var alias))
                    {
                        properties.TopicAlias = alias;
                        topic = "";
                    }
                    else if (_outboundAliases.Count < _clientTopicAliasMaximum)
                    {
                        properties.TopicAlias = newAlias = (ushort)(_outboundAliases.Count + 1);
                    }
                }
            }
        }
        var packet = new PublishFields
        {
            Topic = topic,
            Payload = message.Payload,
            QoS = delivery.QoS,
            Retain = delivery.Retain,
            Duplicate = item.Duplicate,
            PacketId = item.PacketId,
            Properties = properties,
        };
        if (packet.Size(Version) > _clientMaximumPacketSize)
        {
            return Discard(item);
        }
        if (newAlias != 0)
        {
            _outboundAliases![message.Topic] = newAlias;
        }
        _broker.Statistics.Sent(packet.QoS);
        return packet.Write(output, Version);
    }

    private int Discard(Outgoing item)
    {
        _broker.Statistics.Dropped();
        if (item.PacketId != 0)
        {
            Session?.Acknowledge(PacketType.PubComp, item.PacketId);
        }
        return 0;
    }
}
