using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Broker;

internal sealed partial class MqttConnection
{
    /// <summary>Handles one packet after CONNECT; false ends the read loop.</summary>
    private bool Handle(MqttPacket packet)
    {
        switch (packet)
        {
            case PublishPacket publish:
                HandlePublish(publish.Fields);
                return true;
            case PublishAckPacket ack:
                HandleAcknowledgement(ack.Type, ack.PacketId);
                return true;
            case PingPacket { Type: PacketType.PingReq }:
                TrySend(new Outgoing(PingPacket.Response), droppable: false);
                return true;
            case DisconnectPacket disconnect:
                HandleDisconnect(disconnect);
                return false;
            default:
                throw new MqttProtocolException($"a client may not send {packet.Type}", MqttProtocolException.ProtocolError);
        }
    }

    /// <summary>PUBREL from the client's side of a QoS 2 publish; PUBACK, PUBREC or PUBCOMP for a delivery.</summary>
    private void HandleAcknowledgement(PacketType type, ushort packetId)
    {
        if (type != PacketType.PubRel)
        {
            Session!.Acknowledge(type, packetId);
            return;
        }
        var known = Session!.IncomingQoS2Remove(packetId);
        TrySend(Outgoing.Ack(PacketType.PubComp, packetId,
            known || Version != MqttVersion.V500 ? ReasonCodes.Success : ReasonCodes.PacketIdentifierNotFound), droppable: false);
    }

    private void HandleDisconnect(DisconnectPacket disconnect)
    {
        if (disconnect.Properties?.SessionExpiryInterval is { } expiry)
        {
            lock (Session!.Gate)
            {
                if (Session.ExpiryInterval == 0 && expiry != 0)
                {
                    throw new MqttProtocolException("session expiry set at DISCONNECT after 0 at CONNECT", MqttProtocolException.ProtocolError);
                }
                Session.ExpiryInterval = Math.Min(expiry, _broker.Options.MaximumSessionExpiry);
            }
        }
        if (disconnect.ReasonCode != ReasonCodes.DisconnectWithWill)
        {
            Will = null;
        }
        Close();
    }

    private void HandlePublish(in PublishFields publish)
    {
        _broker.Statistics.Received(publish.QoS);
        ForgetEarlierPending();
        if (publish.Properties?.SubscriptionIdentifiers is not null)
        {
            throw new MqttProtocolException("a client may not send subscription identifiers", MqttProtocolException.ProtocolError);
        }
        var topic = ResolveTopic(in publish);
        var session = Session!;
        if (publish.QoS == MqttQoS.ExactlyOnce && session.IncomingQoS2Contains(publish.PacketId))
        {
            Acknowledge(Outgoing.Ack(PacketType.PubRec, publish.PacketId), 0);
            return;
        }
        if (publish.QoS == MqttQoS.ExactlyOnce && session.IncomingQoS2Count >= _broker.Options.ReceiveMaximum)
        {
            throw new MqttProtocolException("receive maximum exceeded", MqttProtocolException.ReceiveMaximumExceeded);
        }
        var properties = publish.Properties;
        DateTimeOffset? expiresAt = null;
        if (properties is not null)
        {
            properties.TopicAlias = null;
            if (properties.MessageExpiryInterval is { } seconds)
            {
                expiresAt = _broker.Now + TimeSpan.FromSeconds(seconds);
                properties.MessageExpiryInterval = null;
            }
        }
        var message = new MqttApplicationMessage
        {
            Topic = topic,
            Payload = publish.Payload,
            QoS = publish.QoS,
            Retain = publish.Retain,
            Properties = properties,
            ExpiresAt = expiresAt,
            Sender = session,
        };
        var reason = ReasonCodes.Success;
        if (!_publishRate.TryTake())
        {
            reason = ReasonCodes.MessageRateTooHigh;
        }
        else if (topic.StartsWith("$SYS", StringComparison.Ordinal) || !_broker.Authorizer.CanPublish(Principal!, message))
        {
            reason = ReasonCodes.NotAuthorized;
        }
        if (reason != ReasonCodes.Success)
        {
            _broker.Statistics.Dropped();
            if (Version != MqttVersion.V500 && reason == ReasonCodes.NotAuthorized && _broker.Options.DisconnectOnUnauthorizedPublishV311)
            {
                Close();
                return;
            }
        }
        else
        {
            _broker.PublishInterceptor?.OnAccepted(Principal!, message);
            _broker.Publish(message);
        }
        var v5Reason = Version == MqttVersion.V500 ? reason : ReasonCodes.Success;
        if (publish.QoS == MqttQoS.AtLeastOnce)
        {
            Acknowledge(Outgoing.Ack(PacketType.PubAck, publish.PacketId, v5Reason), TakeDurableAt(), MqttBroker.TakeQueued());
        }
        else if (publish.QoS == MqttQoS.ExactlyOnce)
        {
            if (v5Reason == ReasonCodes.Success)
            {
                session.IncomingQoS2Add(publish.PacketId);
            }
            Acknowledge(Outgoing.Ack(PacketType.PubRec, publish.PacketId, v5Reason), TakeDurableAt(), MqttBroker.TakeQueued());
        }
    }

    private string ResolveTopic(in PublishFields publish)
    {
        if (publish.Properties?.TopicAlias is not { } alias)
        {
            return publish.Topic;
        }
        if (alias == 0 || alias > _topicAliasMaximum)
        {
            throw new MqttProtocolException($"topic alias {alias} is out of range", MqttProtocolException.TopicAliasInvalid);
        }
        var aliases = _inboundAliases ??= new string?[_topicAliasMaximum + 1];
        if (publish.Topic.Length > 0)
        {
            return aliases[alias] = publish.Topic;
        }
        return aliases[alias] ?? throw new MqttProtocolException($"topic alias {alias} was never set", MqttProtocolException.ProtocolError);
    }
}
