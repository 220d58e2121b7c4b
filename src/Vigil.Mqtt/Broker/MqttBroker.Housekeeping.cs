using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Vigil.Mqtt.Broker;

public sealed partial class MqttBroker
{
    private DateTimeOffset _lastStatistics = DateTimeOffset.MinValue;

    private async Task HousekeepingLoopAsync()
    {
        using var timer = new PeriodicTimer(Options.HousekeepingInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                try
                {
                    Housekeep();
                }
                catch (Exception e)
                {
                    Logger.LogError(e, "MQTT housekeeping failed");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Keep-alives and token expiry, due wills, expired sessions, statistics.</summary>
    internal void Housekeep()
    {
        var now = Now;
        var ticks = Environment.TickCount64;
        foreach (var (connection, _) in _live)
        {
            connection.CheckTimers(ticks, now);
        }
        foreach (var (_, session) in _sessions)
        {
            if (session.Owner is not null)
            {
                continue;
            }
            MqttApplicationMessage? dueWill = null;
            MqttPrincipal? principal = null;
            lock (_registry)
            {
                if (session.Owner is not null)
                {
                    continue;
                }
                if (session.PendingWill is not null && session.WillDueAt <= now)
                {
                    (dueWill, principal) = (session.PendingWill, session.WillPrincipal);
                    session.PendingWill = null;
                }
                if (session.ExpiryInterval != uint.MaxValue && session.DisconnectedAt + TimeSpan.FromSeconds(session.ExpiryInterval) <= now)
                {
                    EndSession(session, publishWill: true);
                }
            }
            if (dueWill is not null && principal is not null)
            {
                PublishWill(principal, dueWill);
            }
        }
        EndExpiredClusterSessions();
        if (Options.StatisticsInterval > TimeSpan.Zero && now - _lastStatistics >= Options.StatisticsInterval)
        {
            _lastStatistics = now;
            PublishStatistics(now);
        }
    }

    private void PublishStatistics(DateTimeOffset now)
    {
        void Sys(string topic, long value) => Publish(new MqttApplicationMessage
        {
            Topic = "$SYS/broker/" + topic,
            Payload = Encoding.UTF8.GetBytes(value.ToString(CultureInfo.InvariantCulture)),
            Retain = true,
        });
        Sys("uptime", (long)(now - StartedAt).TotalSeconds);
        Sys("clients/connected", Statistics.ClientsConnected);
        Sys("clients/total", SessionCount);
        Sys("subscriptions/count", SubscriptionCount);
        Sys("retained messages/count", Retained.Count);
        Sys("messages/received", Statistics.MessagesReceived);
        Sys("messages/sent", Statistics.MessagesSent);
        Sys("messages/dropped", Statistics.MessagesDropped);
        Sys("connections/refused", Statistics.ConnectionsRefused);
        if (Cluster?.Totals is { } cluster)
        {
            Sys("cluster/nodes", cluster.Nodes);
            Sys("cluster/clients/connected", cluster.ClientsConnected);
            Sys("cluster/subscriptions/count", cluster.Subscriptions);
            Sys("cluster/messages/received", cluster.MessagesReceived);
            Sys("cluster/messages/sent", cluster.MessagesSent);
            Sys("cluster/messages/dropped", cluster.MessagesDropped);
        }
    }
}
