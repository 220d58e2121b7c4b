using System.Text.RegularExpressions;
using Vigil.Tests.Support;

namespace Vigil.Tests.Cli;

public sealed class CliTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("vigil-cli-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    public static TheoryData<string> Providers => TestDatabases.All;

    private async Task<string?> DatabaseFor(string provider) =>
        provider == TestDatabases.Postgres ? await PostgresServer.CreateDatabaseAsync() : null;

    [Theory, MemberData(nameof(Providers))]
    public async Task Apikey_create_prints_the_key_once_list_hides_it_and_revoke_marks_it(string provider)
    {
        var db = await DatabaseFor(provider);

        var created = await CliRunner.RunAsync(new[] { "apikey", "create", "--region", "302", "--name", "Ontario portal" }.With(_data, db));
        Assert.Equal(0, created.ExitCode);
        var key = Regex.Match(created.Output, @"^vgk_\S+$", RegexOptions.Multiline).Value;
        var id = Regex.Match(created.Output, @"[0-9a-f]{8}-[0-9a-f-]{27}").Value;
        Assert.NotEmpty(key);

        var listed = await CliRunner.RunAsync(new[] { "apikey", "list" }.With(_data, db));
        Assert.Contains(id, listed.Output);
        Assert.Contains("active", listed.Output);
        Assert.DoesNotContain(key, listed.Output);

        Assert.Equal(0, (await CliRunner.RunAsync(new[] { "apikey", "revoke", id }.With(_data, db))).ExitCode);
        Assert.Contains("revoked", (await CliRunner.RunAsync(new[] { "apikey", "list" }.With(_data, db))).Output);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Admin_create_reads_the_password_from_standard_input(string provider)
    {
        var db = await DatabaseFor(provider);

        var outcome = await CliRunner.RunAsync(
            new[] { "admin", "create", "--email", "Root@Example.org", "--role", "super_admin" }.With(_data, db), "a long enough password\n");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("super_admin root@example.org", outcome.Output);
        Assert.DoesNotContain("a long enough password", outcome.Output + outcome.Error);
    }

    [Fact]
    public async Task Admin_create_without_a_password_or_with_a_short_one_fails_with_one_line()
    {
        var none = await CliRunner.RunAsync(new[] { "admin", "create", "--email", "a@example.org", "--role", "super_admin" }.With(_data));
        var weak = await CliRunner.RunAsync(new[] { "admin", "create", "--email", "a@example.org", "--role", "super_admin" }.With(_data), "short\n");

        Assert.Equal(2, none.ExitCode);
        Assert.Contains("no password", none.Error);
        Assert.Equal(2, weak.ExitCode);
        Assert.Single(weak.Error.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("apikey", "create", "--region", "302")]
    [InlineData("apikey", "revoke", "not-a-guid")]
    [InlineData("frobnicate")]
    [InlineData("apikey", "list", "--bogus")]
    [InlineData("admin", "create", "--email")]
    public async Task Wrong_arguments_give_one_line_and_exit_code_2(params string[] args)
    {
        var outcome = await CliRunner.RunAsync(args);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Single(outcome.Error.Trim().Split('\n'));
        Assert.Contains("--help", outcome.Error);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("serve", "--help")]
    [InlineData("migrate", "--help")]
    [InlineData("admin", "create", "--help")]
    [InlineData("apikey", "create", "--help")]
    [InlineData("apikey", "list", "--help")]
    [InlineData("apikey", "revoke", "--help")]
    [InlineData("keys", "rotate", "--help")]
    [InlineData("keys", "verify", "--help")]
    [InlineData("admin", "list", "--help")]
    [InlineData("admin", "reset-password", "--help")]
    [InlineData("handler-key", "create", "--help")]
    [InlineData("handler", "contacts", "--help")]
    [InlineData("demo", "seed", "--help")]
    public async Task Every_command_has_help_with_a_plain_usage_line(params string[] args)
    {
        var outcome = await CliRunner.RunAsync(args);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("Usage:", outcome.Output);
        Assert.DoesNotContain("Additional Arguments", outcome.Output);
        Assert.DoesNotContain("[[--]", outcome.Output);
    }

    [Fact]
    public async Task Admin_create_lists_the_roles_and_refuses_an_unknown_one_as_a_usage_error()
    {
        var help = await CliRunner.RunAsync(["admin", "create", "--help"]);
        var unknown = await CliRunner.RunAsync(["admin", "create", "--email", "a@example.org", "--role", "emperor"], "a long enough password\n");

        Assert.Contains("clinic_admin, clinic_support, clinician, health_authority, national_admin, prefecture_admin, super_admin", help.Output);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("emperor", unknown.Error);
    }

    [Fact]
    public async Task An_unreachable_database_is_a_one_line_error()
    {
        var outcome = await CliRunner.RunAsync(new[] { "migrate" }.With(_data, "Host=127.0.0.1;Port=1;Username=x;Database=x;Timeout=2"));

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("database error", outcome.Error);
        Assert.Single(outcome.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Serve_on_a_port_in_use_is_a_one_line_error_not_a_crash()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var outcome = await CliRunner.RunAsync(new[] { "serve", $"--urls=http://127.0.0.1:{port}", "--Vigil:Broker:TcpPort=0" }.With(_data));

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("address already in use", outcome.Error);
        Assert.Single(outcome.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Migrate_applies_the_migrations_once()
    {
        var first = await CliRunner.RunAsync(new[] { "migrate" }.With(_data));
        var second = await CliRunner.RunAsync(new[] { "migrate" }.With(_data));

        Assert.Contains("Identity", first.Output);
        Assert.Contains("up to date", second.Output);
    }

    [Fact]
    public async Task Keys_rotate_adds_a_key_and_keeps_the_old_one_published()
    {
        await CliRunner.RunAsync(new[] { "keys", "list" }.With(_data));
        await Task.Delay(5); // key files are ordered by creation millisecond

        var rotated = await CliRunner.RunAsync(new[] { "keys", "rotate" }.With(_data));
        var listed = await CliRunner.RunAsync(new[] { "keys", "list" }.With(_data));

        Assert.Equal(0, rotated.ExitCode);
        var kid = Regex.Match(rotated.Output, @"key (\S+) is now active").Groups[1].Value;
        var lines = listed.Output.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, l => l.StartsWith(kid, StringComparison.Ordinal) && l.EndsWith("active", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("published", StringComparison.Ordinal));
    }
}
