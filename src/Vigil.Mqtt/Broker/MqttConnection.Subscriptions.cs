using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Broker;

// SUBSCRIBE and UNSUBSCRIBE. A persistent session's change is acknowledged (SUBACK, UNSUBACK) only once the session
// log, or the cluster's session store, holds it, as PUBACK waits for what it acknowledges: a node killed after a
// SUBACK still has the subscription when it comes back. Clean sessions change nothing stored and are answered at once.
internal sealed partial class MqttConnection
{
    // The cluster bus retries a session record until the store takes it; a SUBACK or UNSUBACK waits this long at most.
    private static readonly TimeSpan ClusterStoreTimeout = TimeSpan.FromSeconds(7);

    private async ValueTask HandleSubscriptionChangeAsync(MqttPacket packet)
    {
        ForgetEarlierPending();
        var (ack, retained) = packet is SubscribePacket subscribe
            ? Subscribe(subscribe)
            : (Unsubscribe((UnsubscribePacket)packet), null);
        var durableAt = TakeDurableAt();
        var stored = MqttBroker.TakeQueued();
        if (durableAt > 0 || stored is not null)
        {
            _outgoing.Release();
            try
            {
                // Acknowledgements held from earlier packets keep their place ahead of this one.
                await ReleaseHeldAcksAsync().ConfigureAwait(false);
                if (durableAt > 0 && _broker.Persistence is { } persistence)
                {
                    await persistence.WhenDurableAsync(durableAt).ConfigureAwait(false);
                }
                // Not acknowledged, so the client subscribes again when it reconnects.
                if (stored is not null
                    && !await StoredInClusterAsync(Task.WhenAll(stored).WaitAsync(ClusterStoreTimeout), "A persistent session's subscriptions").ConfigureAwait(false))
                {
                    Close();
                    return;
                }
            }
            finally
            {
                _outgoing.Hold();
            }
        }
        TrySend(ack, droppable: false);
        foreach (var (message, options, identifier) in retained ?? [])
        {
            var qos = (MqttQoS)Math.Min((byte)message.QoS, (byte)options.QoS);
            Session!.Deliver(new Delivery(message, qos, retain: true, identifier is { } id ? [id] : null));
        }
    }

    private (Outgoing Ack, List<(MqttApplicationMessage Message, TopicSubscription Options, int? Identifier)> Retained) Subscribe(SubscribePacket subscribe)
    {
        var v5 = Version == MqttVersion.V500;
        var identifier = subscribe.Properties?.SubscriptionIdentifiers?[0];
        var codes = new byte[subscribe.Subscriptions.Count];
        var retained = new List<(MqttApplicationMessage, TopicSubscription, int?)>();
        for (var i = 0; i < codes.Length; i++)
        {
            var request = subscribe.Subscriptions[i];
            if (!Subscription.TryParse(request.Filter, out var topicFilter, out var group))
            {
                codes[i] = v5 ? ReasonCodes.TopicFilterInvalid : ConnectCodes.V311SubscribeFailure;
                continue;
            }
            if (group is not null && request.NoLocal)
            {
                throw new MqttProtocolException("no-local on a shared subscription", MqttProtocolException.ProtocolError);
            }
            if (!_broker.Authorizer.CanSubscribe(Principal!, request.Filter))
            {
                codes[i] = v5 ? ReasonCodes.NotAuthorized : ConnectCodes.V311SubscribeFailure;
                continue;
            }
            var isNew = _broker.Subscribe(new Subscription(Session!, topicFilter, group, request, identifier));
            codes[i] = (byte)request.QoS;
            if (group is null && (request.RetainHandling == RetainHandling.SendAtSubscribe || request.RetainHandling == RetainHandling.SendIfNew && isNew))
            {
                foreach (var message in _broker.Retained.Matching(topicFilter, _broker.Now))
                {
                    retained.Add((message, request, identifier));
                }
            }
        }
        return (new Outgoing(new SubAckPacket(PacketType.SubAck, subscribe.PacketId, codes)), retained);
    }

    private Outgoing Unsubscribe(UnsubscribePacket unsubscribe)
    {
        var codes = unsubscribe.Filters.Select(f => _broker.Unsubscribe(Session!, f) ? ReasonCodes.Success : ReasonCodes.NoSubscriptionExisted).ToArray();
        return new Outgoing(new SubAckPacket(PacketType.UnsubAck, unsubscribe.PacketId, codes));
    }
}
