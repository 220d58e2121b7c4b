using System.Net;
using Vigil.Tests.Support;

namespace Vigil.Tests.Cli;

/// <summary><c>vigil admin list | unlock | disable | enable | reset-password</c> against the real database and server.</summary>
public sealed class AdminAccountCommandsTests
{
    public static TheoryData<string> Providers => TestDatabases.All;

    [Theory, MemberData(nameof(Providers))]
    public async Task An_operator_lists_locks_out_unlocks_disables_enables_and_resets_an_account(string provider)
    {
        using var app = await VigilApp.StartAsync(provider, new Dictionary<string, string?> { ["Vigil:Staff:MaxFailedLogins"] = "2" });
        using var http = app.CreateClient();
        // The CLI runs on the real clock: the server's lockout must be judged on the same one.
        app.Clock.Advance(DateTimeOffset.UtcNow - app.Clock.GetUtcNow());
        var email = await app.CreateStaffAsync("clinic_admin");
        string[] With(params string[] args) => args.With(app.DataDirectory, app.ConnectionStringOrNull);
        async Task<HttpStatusCode> LoginAsync(string password) =>
            (await http.PostAsync("/staff/login", $$"""{"email":"{{email}}","password":"{{password}}"}""")).Status;

        Assert.Contains($"{email}\tclinic_admin\t-\tactive", (await CliRunner.RunAsync(With("admin", "list"))).Output);
        await LoginAsync("wrong password one");
        await LoginAsync("wrong password two");
        Assert.Contains("locked until", (await CliRunner.RunAsync(With("admin", "list"))).Output);
        Assert.NotEqual(HttpStatusCode.OK, await LoginAsync(StaffFlow.Password));

        Assert.Equal(0, (await CliRunner.RunAsync(With("admin", "unlock", email))).ExitCode);
        Assert.Equal(HttpStatusCode.OK, await LoginAsync(StaffFlow.Password));

        Assert.Equal(0, (await CliRunner.RunAsync(With("admin", "disable", email))).ExitCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(StaffFlow.Password));
        Assert.Contains("disabled", (await CliRunner.RunAsync(With("admin", "list"))).Output);
        Assert.Equal(0, (await CliRunner.RunAsync(With("admin", "enable", email))).ExitCode);
        Assert.Equal(HttpStatusCode.OK, await LoginAsync(StaffFlow.Password));

        var reset = await CliRunner.RunAsync(With("admin", "reset-password", email.ToUpperInvariant()), "a fresh passphrase here\n");
        Assert.Equal(0, reset.ExitCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(StaffFlow.Password));
        Assert.Equal(HttpStatusCode.OK, await LoginAsync("a fresh passphrase here"));
    }

    [Fact]
    public async Task An_unknown_account_fails_with_one_line_and_a_short_password_is_a_usage_error()
    {
        using var app = await VigilApp.StartAsync(TestDatabases.Sqlite);
        var email = await app.CreateStaffAsync("clinician");

        var unknown = await CliRunner.RunAsync(new[] { "admin", "disable", "nobody@example.org" }.With(app.DataDirectory));
        var weak = await CliRunner.RunAsync(new[] { "admin", "reset-password", email }.With(app.DataDirectory), "short\n");

        Assert.Equal((1, "vigil admin disable: no staff account nobody@example.org"), (unknown.ExitCode, unknown.Error.Trim()));
        Assert.Equal(2, weak.ExitCode);
        Assert.Contains("at least", weak.Error);
    }
}
