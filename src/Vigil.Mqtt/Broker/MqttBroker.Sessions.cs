using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Vigil.Mqtt.Broker;

public sealed partial class MqttBroker
{
    private readonly ConcurrentDictionary<string, MqttSession> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _registry = new();
    private readonly Lock _rateGate = new();
    private int _admitted;
    private double _connectTokens;
    private long _connectTokensAt; // 0: the bucket starts full

    /// <summary>Sessions held, online or not.</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>Messages waiting in sessions for their client (offline, or over its receive maximum); counted on each call.</summary>
    public long QueuedMessageCount => _sessions.Sum(s => (long)s.Value.QueuedCount);

    /// <summary>Takes a connection slot; null when admitted, else the v5 reason to refuse with.</summary>
    internal byte? Admit()
    {
        if (Options.ConnectionRatePerSecond > 0)
        {
            lock (_rateGate)
            {
                var now = Environment.TickCount64;
                _connectTokens = Math.Min(Options.ConnectionRatePerSecond, _connectTokens + (now - _connectTokensAt) * Options.ConnectionRatePerSecond / 1000.0);
                _connectTokensAt = now;
                if (_connectTokens < 1)
                {
                    return ReasonCodes.ConnectionRateExceeded;
                }
                _connectTokens--;
            }
        }
        if (Interlocked.Increment(ref _admitted) > Options.MaximumConnections)
        {
            Interlocked.Decrement(ref _admitted);
            Logger.LogWarning("MQTT connection refused: {Maximum} connections reached", Options.MaximumConnections);
            return ReasonCodes.QuotaExceeded;
        }
        return null;
    }

    internal void Release() => Interlocked.Decrement(ref _admitted);

    /// <summary>Binds a connection to its session: takes over a live one, resumes or replaces a stored one.</summary>
    internal (MqttSession Session, bool Present) Attach(MqttConnection connection, string clientId, bool cleanStart, uint expiry)
    {
        lock (_registry)
        {
            Statistics.ConnectedDelta(1);
            if (_sessions.TryGetValue(clientId, out var session))
            {
                if (session.Owner is { } previous)
                {
                    previous.Close(ReasonCodes.SessionTakenOver);
                    session.Detach(previous, Now);
                }
                if (cleanStart)
                {
                    EndSession(session, publishWill: false);
                    session = null;
                }
            }
            else if (ClusterSessions is not null)
            {
                session = ResumeFromCluster(clientId, cleanStart);
            }
            var present = session is not null;
            session ??= _sessions[clientId] = new MqttSession(clientId, Statistics, Options.MaximumQueuedMessages, Persistence);
            lock (session.Gate)
            {
                session.Owner = connection;
                session.ExpiryInterval = expiry;
                session.DisconnectedAt = null;
                session.PendingWill = null; // a new connection before the will delay cancels the will (§3.1.3.2.2)
                session.WillDueAt = null;
                if (Persistence is not null && (expiry > 0 || session.Persisted))
                {
                    // Expiry 0 ends a stored session; anything else (re)states it, with this connection's expiry.
                    if (expiry > 0)
                    {
                        Persistence.SessionStarted(clientId, expiry);
                        if (!session.Persisted)
                        {
                            session.Persisted = true;
                            foreach (var subscription in session.Subscriptions)
                            {
                                Persistence.Subscribed(clientId, subscription);
                            }
                        }
                    }
                    else
                    {
                        Persistence.SessionEnded(clientId);
                        session.Persisted = false;
                    }
                }
                if (ClusterSessions is { } clusterSessions)
                {
                    if (expiry > 0)
                    {
                        session.InCluster = true;
                        SaveToCluster(session);
                        clusterSessions.Attach(clientId);
                    }
                    else if (session.InCluster)
                    {
                        RemoveFromCluster(session);
                    }
                }
            }
            Cluster?.ClientConnected(clientId);
            return (session, present);
        }
    }

    internal void OnClosed(MqttConnection connection)
    {
        var session = connection.Session;
        if (session is null)
        {
            return;
        }
        Release();
        Statistics.ConnectedDelta(-1);
        var will = connection.Will;
        MqttApplicationMessage? publishNow = null;
        lock (_registry)
        {
            var owned = session.Owner == connection;
            session.Detach(connection, Now);
            if (owned && session.Persisted && session.ExpiryInterval > 0)
            {
                Persistence?.Disconnected(session.ClientId, session.DisconnectedAt ?? Now);
            }
            if (owned && session.InCluster && session.ExpiryInterval > 0)
            {
                ClusterSessions!.Detach(session.ClientId);
                SaveToCluster(session);
            }
            if (owned)
            {
                var delay = Math.Min(connection.WillDelay, session.ExpiryInterval);
                if (will is not null && delay == 0)
                {
                    publishNow = will;
                }
                else if (will is not null)
                {
                    session.PendingWill = will;
                    session.WillPrincipal = connection.Principal;
                    session.WillDueAt = Now + TimeSpan.FromSeconds(delay);
                }
                if (session.ExpiryInterval == 0)
                {
                    EndSession(session, publishWill: true);
                }
            }
            else if (will is not null && connection.WillDelay == 0)
            {
                publishNow = will;
            }
        }
        if (publishNow is not null)
        {
            PublishWill(connection.Principal!, publishNow);
        }
    }

    private void PublishWill(MqttPrincipal principal, MqttApplicationMessage will)
    {
        if (will.Properties?.MessageExpiryInterval is { } seconds)
        {
            will.ExpiresAt = Now + TimeSpan.FromSeconds(seconds);
            will.Properties.MessageExpiryInterval = null;
        }
        if (Authorizer.CanPublish(principal, will))
        {
            PublishInterceptor?.OnAccepted(principal, will);
            Publish(will);
        }
    }

    /// <summary>
    /// Forgets a session: its subscriptions go, and a will still waiting is published now (§3.1.2.5). A session the
    /// cluster keeps ends there too, unless it <paramref name="movedToAnotherNode"/>.
    /// </summary>
    private void EndSession(MqttSession session, bool publishWill, bool movedToAnotherNode = false)
    {
        _sessions.TryRemove(new KeyValuePair<string, MqttSession>(session.ClientId, session));
        MqttApplicationMessage? will;
        lock (session.Gate)
        {
            if (session.Persisted)
            {
                Persistence?.SessionEnded(session.ClientId);
                session.Persisted = false;
            }
            if (session.InCluster && movedToAnotherNode)
            {
                session.InCluster = false;
                ClusterSessions!.Release(session.ClientId);
            }
            else if (session.InCluster)
            {
                RemoveFromCluster(session);
            }
            foreach (var subscription in session.Subscriptions)
            {
                IndexRemove(subscription);
            }
            session.Subscriptions.Clear();
            will = session.PendingWill;
            session.PendingWill = null;
        }
        if (publishWill && will is not null && session.WillPrincipal is { } principal)
        {
            PublishWill(principal, will);
        }
    }
}
