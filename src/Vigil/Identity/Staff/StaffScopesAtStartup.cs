using Microsoft.EntityFrameworkCore;
using Vigil.Infrastructure;
using Vigil.Infrastructure.Database;

namespace Vigil.Identity.Staff;

/// <summary>
/// Names, at start-up, every active account created before scopes were enforced whose roles need a region
/// it lacks. Such an account sees no region's data (<see cref="Auth.RegionScope"/>), so it is reported
/// rather than allowed to stop the server.
/// </summary>
internal sealed class StaffScopesAtStartup(IServiceScopeFactory scopes, RegionCatalog regions, ILogger<StaffScopesAtStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        List<(Guid Id, string Roles, string? Region)> accounts;
        try
        {
            accounts = (await scope.ServiceProvider.GetRequiredService<VigilDb>().Set<StaffAccount>().AsNoTracking()
                .Where(a => a.DisabledAt == null).Select(a => new { a.Id, a.Roles, a.Region }).ToListAsync(cancellationToken))
                .Select(a => (a.Id, a.Roles, a.Region)).ToList();
        }
        catch (Exception e) when (DbErrors.IsDatabaseFailure(e))
        {
            logger.LogWarning("Staff account scopes were not checked: the database is not ready ({Reason})", e.GetBaseException().Message);
            return;
        }
        foreach (var account in accounts)
        {
            if (StaffScopeRules.Problem(account.Roles.Split(' ', StringSplitOptions.RemoveEmptyEntries), account.Region, regions) is { } problem)
            {
                logger.LogError(
                    "Staff account {Id} ({Roles}) is out of scope: {Problem}. It sees no region's data; disable it (vigil admin disable {Id}) and create it again with --region",
                    account.Id, account.Roles, problem, account.Id);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
