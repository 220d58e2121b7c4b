namespace Vigil.Mqtt.Broker;

// The cluster side of the seam: interest counting, and what the bus calls back with.
public sealed partial class MqttBroker
{
    private readonly Dictionary<MqttInterest, int> _interest = [];

    /// <summary>The cluster this node belongs to; null for a broker on its own.</summary>
    public IMqttClusterBus? Cluster { get; init; }

    /// <summary>The interests held on this node now (for a bus that starts, or starts over).</summary>
    public IReadOnlyList<MqttInterest> LocalInterests()
    {
        lock (_interest)
        {
            return [.. _interest.Keys];
        }
    }

    /// <summary>A message published on another node: to the local direct subscribers, once per session.</summary>
    public void DeliverFromCluster(MqttApplicationMessage message) => Route(message, includeShared: false);

    /// <summary>A message the cluster gave this node's members of <paramref name="interest"/>'s shared group: to one of them.</summary>
    public void DeliverSharedFromCluster(MqttApplicationMessage message, MqttInterest interest)
    {
        if (_index.PickShared(interest) is { } member)
        {
            DeliverTo(member.Session, message, member.Options, member.Identifier is { } id ? [id] : null, shared: true);
        }
        else
        {
            Statistics.Dropped(); // the last local member left while the message was on its way
        }
    }

    /// <summary>A retained message stored or cleared elsewhere in the cluster: kept here too, without routing it.</summary>
    public void SetRetainedFromCluster(MqttApplicationMessage message) => Retained.Set(message);

    /// <summary>The client connected on another node: its connection here ends (0x8E) and its session here is dropped.</summary>
    public void TakeOverFromCluster(string clientId)
    {
        lock (_registry)
        {
            if (!_sessions.TryGetValue(clientId, out var session))
            {
                return;
            }
            if (session.Owner is { } previous)
            {
                previous.Close(ReasonCodes.SessionTakenOver);
                session.Detach(previous, Now);
            }
            EndSession(session, publishWill: false, movedToAnotherNode: true);
        }
    }

    private void IndexAdd(Subscription subscription)
    {
        _index.Add(subscription);
        if (Cluster is { } cluster)
        {
            var interest = new MqttInterest(subscription.TopicFilter, subscription.ShareGroup);
            lock (_interest)
            {
                var count = _interest.GetValueOrDefault(interest);
                _interest[interest] = count + 1;
                if (count == 0)
                {
                    cluster.InterestAdded(interest);
                }
            }
        }
    }

    private void IndexRemove(Subscription subscription)
    {
        if (!_index.Remove(subscription) || Cluster is not { } cluster)
        {
            return;
        }
        var interest = new MqttInterest(subscription.TopicFilter, subscription.ShareGroup);
        lock (_interest)
        {
            if (_interest.TryGetValue(interest, out var count) && count <= 1)
            {
                _interest.Remove(interest);
                cluster.InterestRemoved(interest);
            }
            else if (count > 1)
            {
                _interest[interest] = count - 1;
            }
        }
    }

    private static bool StaysOnNode(string topic) => topic.StartsWith("$SYS", StringComparison.Ordinal);
}
