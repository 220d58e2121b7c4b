using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Broker;

// Routing: a published message to every matching subscription, once per session; subscribing and unsubscribing.
public sealed partial class MqttBroker
{
    [ThreadStatic] private static List<FilterSubscribers>? t_sets;
    [ThreadStatic] private static List<Subscription>? t_subscriptions;

    /// <summary>
    /// Publishes a message accepted here (from a client, a will or the broker itself): retains it if asked, routes it
    /// to the local subscribers and, in a cluster, forwards it (<c>$SYS</c> topics stay on the node).
    /// </summary>
    public void Publish(MqttApplicationMessage message)
    {
        var cluster = StaysOnNode(message.Topic) ? null : Cluster;
        if (message.Retain)
        {
            if (!Retained.Set(message))
            {
                Statistics.Dropped();
            }
            else
            {
                cluster?.RetainedChanged(message);
                if (!StaysOnNode(message.Topic))
                {
                    Persistence?.Retained(message);
                }
            }
        }
        if (cluster is not null)
        {
            QueueForClusterSessions(message);
        }
        // In a cluster the shared groups get their messages through the bus: one member cluster-wide.
        Route(message, includeShared: cluster is null);
        cluster?.Forward(message);
    }

    private void Route(MqttApplicationMessage message, bool includeShared)
    {
        var subscriptions = t_subscriptions ??= [];
        _index.Match(message.Topic, t_sets ??= [], subscriptions, includeShared);
        try
        {
            if (subscriptions.Count == 1)
            {
                DeliverTo(subscriptions[0].Session, message, subscriptions[0].Options, subscriptions[0].Identifier is { } id ? [id] : null, shared: subscriptions[0].ShareGroup is not null);
            }
            else if (subscriptions.Count > 1)
            {
                RouteOverlapping(message, subscriptions);
            }
        }
        finally
        {
            subscriptions.Clear();
        }
    }

    /// <summary>One delivery per session however many of its filters match: the highest QoS, every subscription id (§3.3.4).</summary>
    private static void RouteOverlapping(MqttApplicationMessage message, List<Subscription> subscriptions)
    {
        foreach (var subscription in subscriptions)
        {
            if (subscription.ShareGroup is not null)
            {
                DeliverTo(subscription.Session, message, subscription.Options, subscription.Identifier is { } one ? [one] : null, shared: true);
            }
        }
        foreach (var (session, (options, ids)) in PerSession(message, subscriptions))
        {
            DeliverTo(session, message, options, ids);
        }
    }

    /// <summary>The direct subscriptions merged per session, without those that exclude the sender's own messages.</summary>
    private static Dictionary<MqttSession, (TopicSubscription Options, List<int>? Ids)> PerSession(MqttApplicationMessage message, List<Subscription> subscriptions)
    {
        var perSession = new Dictionary<MqttSession, (TopicSubscription Options, List<int>? Ids)>();
        foreach (var subscription in subscriptions)
        {
            if (subscription.ShareGroup is not null || (subscription.Options.NoLocal && subscription.Session.ClientId == (message.Sender as MqttSession)?.ClientId))
            {
                continue;
            }
            var options = subscription.Options with { NoLocal = false };
            List<int>? ids = null;
            if (perSession.TryGetValue(subscription.Session, out var merged))
            {
                ids = merged.Ids;
                options = options with
                {
                    QoS = (MqttQoS)Math.Max((byte)options.QoS, (byte)merged.Options.QoS),
                    RetainAsPublished = options.RetainAsPublished || merged.Options.RetainAsPublished,
                };
            }
            if (subscription.Identifier is { } id)
            {
                (ids ??= []).Add(id);
            }
            perSession[subscription.Session] = (options, ids);
        }
        return perSession;
    }

    private static void DeliverTo(MqttSession session, MqttApplicationMessage message, TopicSubscription options, List<int>? ids, bool shared = false)
    {
        if (options.NoLocal && session == message.Sender)
        {
            return;
        }
        var qos = (MqttQoS)Math.Min((byte)message.QoS, (byte)options.QoS);
        if (!shared && QueuedInCluster(session, message, qos))
        {
            return;
        }
        session.Deliver(new Delivery(message, qos, options.RetainAsPublished && message.Retain, ids));
    }

    internal bool Subscribe(Subscription subscription)
    {
        var session = subscription.Session;
        lock (session.Gate)
        {
            var filter = subscription.Filter;
            var isNew = !session.Subscriptions.TryGetValue(filter, out var previous);
            if (previous is not null)
            {
                IndexRemove(previous);
            }
            session.Subscriptions[filter] = subscription;
            IndexAdd(subscription);
            if (session.Persisted)
            {
                Persistence?.Subscribed(session.ClientId, subscription);
            }
            if (session.InCluster)
            {
                (t_queued ??= []).Add(SaveToCluster(session)); // the SUBACK waits for it
            }
            return isNew;
        }
    }

    internal bool Unsubscribe(MqttSession session, string filter)
    {
        lock (session.Gate)
        {
            if (!session.Subscriptions.Remove(filter, out var subscription))
            {
                return false;
            }
            IndexRemove(subscription);
            if (session.Persisted)
            {
                Persistence?.Unsubscribed(session.ClientId, filter);
            }
            if (session.InCluster)
            {
                (t_queued ??= []).Add(SaveToCluster(session)); // the UNSUBACK waits for it
            }
            return true;
        }
    }
}
