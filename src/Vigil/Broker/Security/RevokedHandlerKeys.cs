using Microsoft.Extensions.Options;
using Vigil.Infrastructure;
using Vigil.Mqtt.Broker;

namespace Vigil.Broker.Security;

/// <summary>
/// Disconnects handlers whose key has been revoked since they connected (revocation may come from the
/// portal, the API or the CLI in another process, so the database is asked rather than told).
/// </summary>
internal sealed class RevokedHandlerKeys(
    MqttBroker broker, HandlerKeyLookup handlerKeys, IOptions<BrokerOptions> options, IServiceScopeFactory scopes, ILogger<RevokedHandlerKeys> logger)
    : PeriodicJob(scopes, logger)
{
    protected override TimeSpan Interval => options.Value.RevokedKeyCheckInterval;

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var connected = broker.ConnectedPrincipals(p => p.Kind == TopicRules.Handler && Guid.TryParse(p.CredentialId, out _))
            .Select(p => Guid.Parse(p.CredentialId!)).Distinct().ToList();
        if (connected.Count == 0)
        {
            return;
        }
        var revoked = (await handlerKeys.RevokedAmongAsync(connected, cancellationToken)).Select(id => id.ToString()).ToHashSet();
        if (revoked.Count > 0)
        {
            var closed = broker.Disconnect(p => p.Kind == TopicRules.Handler && p.CredentialId is { } id && revoked.Contains(id));
            logger.LogWarning("Disconnected {Count} MQTT handler connection(s) whose key was revoked", closed);
        }
    }
}
