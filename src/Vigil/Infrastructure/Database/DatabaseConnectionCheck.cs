using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Vigil.Infrastructure.Database;

/// <summary>
/// <c>/readyz</c> on a process without EF Core (<c>vigil broker</c>): the database answers a plain <c>SELECT 1</c>
/// over <see cref="DatabaseConnections"/>, so that probing readiness never builds the EF model (<c>bench/broker/idle.sh</c>:
/// a node with its metrics port held 122 MiB idle with EF Core's check, 84 with this one). Outages are reported as
/// <see cref="DatabaseReadyCheck"/> reports them.
/// </summary>
internal sealed class DatabaseConnectionCheck(DatabaseConnections connections, DatabaseOutage outage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (DbErrors.IsDatabaseFailure(e))
        {
            outage.Report(e);
            return HealthCheckResult.Unhealthy("the database does not answer", e);
        }
    }
}
