using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vigil.Identity.Staff;
using Vigil.Infrastructure.Database;
using Vigil.Tests.Support;

namespace Vigil.Tests.Identity.Staff;

/// <summary>Finding 1 of the hardening run: a regional role without its region acted on every region.</summary>
public sealed class StaffScopeTests(VigilApps apps) : IClassFixture<VigilApps>, IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("vigil-scope-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    public static TheoryData<string> Providers => TestDatabases.All;

    [Theory]
    [InlineData("health_authority", null, "needs a region")]
    [InlineData("prefecture_admin", null, "needs a region")]
    [InlineData("prefecture_admin", "99", "prefecture number of 1..47")]
    [InlineData("super_admin", "302", "takes no region")]
    public async Task The_cli_refuses_an_account_whose_roles_and_region_do_not_fit(string role, string? region, string message)
    {
        string[] args = region is null
            ? ["admin", "create", "--email", "x@example.org", "--role", role]
            : ["admin", "create", "--email", "x@example.org", "--role", role, "--region", region];

        var outcome = await CliRunner.RunAsync(args.With(_data), "a long enough password\n");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(message, outcome.Error);
        Assert.Single(outcome.Error.Trim().Split('\n'));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_api_refuses_a_health_authority_or_prefecture_admin_without_a_region(string provider)
    {
        var app = await apps.For(provider);
        await using var scope = app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<StaffAccounts>();

        var noRegion = await Assert.ThrowsAsync<ArgumentException>(() =>
            accounts.CreateAsync($"ha-{Guid.NewGuid():N}@example.org", StaffFlow.Password, ["health_authority"], null, CancellationToken.None));
        var mixed = await Assert.ThrowsAsync<ArgumentException>(() =>
            accounts.CreateAsync($"mix-{Guid.NewGuid():N}@example.org", StaffFlow.Password, ["health_authority", "prefecture_admin"], "13", CancellationToken.None));

        Assert.Contains("needs a region", noRegion.Message);
        Assert.Contains("cannot share one account", mixed.Message);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_health_authority_row_without_a_region_sees_and_changes_no_region(string provider)
    {
        var app = await apps.For(provider);
        using var http = app.CreateClient();
        var outbreaks = new OutbreakClient(app, http);
        var key = await ExposureClient.CreateApiKeyAsync(app);
        Assert.Equal(HttpStatusCode.OK, (await outbreaks.SubmitAsync(key, outbreaks.Event("SCOPE001", TimeSpan.FromHours(5), TimeSpan.FromHours(1)))).Status);
        var super = await app.StaffTokenAsync(http, "super_admin");
        var eventId = (await http.GetAsync("/qr/events?location=SCOPE001", super)).Json[0].GetProperty("id").GetString();
        var email = await InsertUnscopedHealthAuthorityAsync(app);
        var token = (await http.PostAsync("/staff/login", $$"""{"email":"{{email}}","password":"{{StaffFlow.Password}}"}""")).Get("token");

        var listed = await http.GetAsync("/qr/events", token);
        var withdrawn = await http.PostAsync($"/qr/events/{eventId}/withdraw", """{"reason":"not mine"}""", token);
        var metrics = await http.GetAsync("/exposure/metrics?from=2020-01-01&to=2020-12-31", token);

        Assert.Equal(HttpStatusCode.OK, listed.Status);
        Assert.Equal(0, listed.Json.GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, withdrawn.Status);
        Assert.Equal(0, metrics.Json.GetArrayLength());
        Assert.Equal(1, (await http.GetAsync("/qr/events?location=SCOPE001", super)).Json.GetArrayLength());
    }

    [Fact]
    public async Task The_start_up_check_names_an_active_account_whose_roles_need_a_region_it_lacks()
    {
        var app = await apps.For(TestDatabases.Sqlite);
        await InsertUnscopedHealthAuthorityAsync(app);
        var check = app.Services.GetServices<IHostedService>().OfType<StaffScopesAtStartup>().Single();

        await check.StartAsync(CancellationToken.None);

        Assert.Contains(app.Logs.Lines, line => line.StartsWith("Error ") && line.Contains("out of scope") && line.Contains("needs a region"));
    }

    /// <summary>An account as the CLI created it before scopes were enforced: health_authority, no region.</summary>
    private static async Task<string> InsertUnscopedHealthAuthorityAsync(VigilApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDb>();
        var account = new StaffAccount
        {
            Id = Guid.NewGuid(),
            Email = $"legacy-{Guid.NewGuid():N}@example.org",
            PasswordHash = "",
            Roles = "health_authority",
            CreatedAt = app.Clock.GetUtcNow(),
        };
        account.PasswordHash = new PasswordHasher<StaffAccount>().HashPassword(account, StaffFlow.Password);
        db.Add(account);
        await db.SaveChangesAsync();
        return account.Email;
    }
}
