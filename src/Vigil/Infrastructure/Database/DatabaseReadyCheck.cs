using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Vigil.Infrastructure.Database;

/// <summary>
/// <c>/readyz</c>: the database answers. An unreachable database makes the node unready with a one-line
/// reason, reported through <see cref="DatabaseOutage"/> instead of a stack trace per probe.
/// </summary>
internal sealed class DatabaseReadyCheck(VigilDb db, DatabaseOutage outage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("the database does not answer");
        }
        catch (Exception e) when (DbErrors.IsDatabaseFailure(e))
        {
            outage.Report(e);
            return HealthCheckResult.Unhealthy("the database does not answer", e);
        }
    }
}
