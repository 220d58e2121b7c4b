using Microsoft.Extensions.Options;
using Vigil.Identity.Staff;
using Vigil.Infrastructure;
using Vigil.Mqtt.Broker;

namespace Vigil.Broker.Security;

/// <summary>
/// Closes MQTT connections made with a staff token whose account has since been deleted, disabled, re-roled
/// or given a new password: the broker ends access when the account does, as the HTTP API does.
/// </summary>
internal sealed class EndedStaffConnections(
    MqttBroker broker, StaffAccessStamps stamps, IOptions<BrokerOptions> options, IServiceScopeFactory scopes, ILogger<EndedStaffConnections> logger)
    : PeriodicJob(scopes, logger)
{
    protected override TimeSpan Interval => options.Value.RevokedKeyCheckInterval;

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var ended = new HashSet<string>(StringComparer.Ordinal);
        foreach (var credential in broker.ConnectedPrincipals(p => StaffDeviceCredential.IsStaff(p.CredentialId)).Select(p => p.CredentialId).Distinct())
        {
            if (StaffDeviceCredential.TryParse(credential, out var staffId, out var stamp)
                && !await stamps.IsCurrentAsync(staffId, stamp, cancellationToken))
            {
                ended.Add(credential!);
            }
        }
        if (ended.Count > 0)
        {
            var closed = broker.Disconnect(p => p.CredentialId is { } id && ended.Contains(id));
            logger.LogWarning("Disconnected {Count} MQTT connection(s) of staff accounts that changed or ended", closed);
        }
    }
}
