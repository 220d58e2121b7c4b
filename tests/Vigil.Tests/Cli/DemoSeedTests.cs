using System.Net;
using Vigil.Tests.Support;

namespace Vigil.Tests.Cli;

/// <summary><c>vigil demo seed</c> fills a development database so the portal's charts have data; once, and never in Production.</summary>
public sealed class DemoSeedTests
{
    public static TheoryData<string> Providers => TestDatabases.All;

    [Theory, MemberData(nameof(Providers))]
    public async Task The_seeded_accounts_see_weeks_of_exposure_figures_outbreaks_and_clinic_reports(string provider)
    {
        using var app = await VigilApp.StartAsync(provider);
        string[] With(params string[] args) => args.With(app.DataDirectory, app.ConnectionStringOrNull);

        var seeded = await CliRunner.RunAsync(With("demo", "seed"));
        var again = await CliRunner.RunAsync(With("demo", "seed"));

        Assert.Equal(0, seeded.ExitCode);
        Assert.Contains("clinic@demo.example.org", seeded.Output);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("there already", again.Error);
        using var http = app.CreateClient();
        async Task<string> TokenAsync(string email) =>
            (await http.PostAsync("/staff/login", $$"""{"email":"{{email}}","password":"demo password 2026"}""")).Get("token");
        var authority = await TokenAsync("authority@demo.example.org");
        var metrics = await http.GetAsync($"/exposure/metrics?from={DateTime.UtcNow.AddDays(-30):yyyy-MM-dd}&to={DateTime.UtcNow:yyyy-MM-dd}", authority);
        var days = metrics.Json.EnumerateArray().Select(d => d.GetProperty("date").GetString()).Distinct().Count();
        Assert.True(days >= 20, $"{days} days of figures");
        Assert.True(metrics.Json.EnumerateArray().Sum(d => d.GetProperty("keysUploaded").GetInt32()) > 500);
        Assert.True((await http.GetAsync("/qr/events", authority)).Json.GetArrayLength() >= 10);
        var clinic = await TokenAsync("clinic@demo.example.org");
        var report = await http.GetAsync($"/care/reports/sessions-by-service?from={DateTime.UtcNow.AddDays(-40):yyyy-MM-dd}&to={DateTime.UtcNow.AddDays(1):yyyy-MM-dd}", clinic);
        Assert.True(report.Json.GetProperty("values").EnumerateArray().Sum(v => v.GetDecimal()) >= 30);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/staff/login", """{"email":"ana.garcia@demo.example.org","password":"demo password 2026"}""")).Status);
    }

    [Fact]
    public async Task Production_refuses_demo_data()
    {
        var data = Directory.CreateTempSubdirectory("vigil-cli-").FullName;
        try
        {
            var outcome = await CliRunner.RunAsync(new[] { "demo", "seed", "--environment=Production" }.With(data));

            Assert.NotEqual(0, outcome.ExitCode);
            Assert.DoesNotContain("Demo data written", outcome.Output);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
