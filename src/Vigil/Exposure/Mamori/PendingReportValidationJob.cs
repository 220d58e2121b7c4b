using Microsoft.Extensions.Options;
using Vigil.Infrastructure;

namespace Vigil.Exposure.Mamori;

/// <summary>Validates pending reports every <c>ValidationInterval</c>.</summary>
internal sealed class PendingReportValidationJob(IServiceScopeFactory scopes, IOptions<MamoriOptions> options, ILogger<PendingReportValidationJob> logger)
    : PeriodicJob(scopes, logger)
{
    protected override TimeSpan Interval => options.Value.ValidationInterval;

    protected override Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<PendingReportValidation>().RunAsync(cancellationToken);
}
