using System.Diagnostics;

namespace Vigil.Tests.Infrastructure;

/// <summary>The alert rules and the example scrape configuration in deploy/prometheus pass promtool's checks and unit tests.</summary>
public sealed class AlertRulesTests
{
    private static readonly string Deploy = Path.Combine(RepositoryRoot(), "deploy", "prometheus");

    [Theory]
    [InlineData("check", "rules", "vigil-alerts.yml")]
    [InlineData("test", "rules", "vigil-alerts.test.yml")]
    [InlineData("check", "config", "prometheus.yml")]
    public async Task Promtool_accepts_the_shipped_file(string verb, string kind, string file)
    {
        var (exit, output) = await PromtoolAsync(verb, kind, file);

        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS", output);
    }

    [Fact]
    public async Task Every_shipped_alert_has_a_unit_test_in_which_it_fires()
    {
        var rules = await File.ReadAllTextAsync(Path.Combine(Deploy, "vigil-alerts.yml"));
        var tests = await File.ReadAllTextAsync(Path.Combine(Deploy, "vigil-alerts.test.yml"));
        var alerts = System.Text.RegularExpressions.Regex.Matches(rules, @"- alert: (\w+)").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("VigilExportBuildsFailing", alerts);
        Assert.Contains("VigilNotReady", alerts);
        foreach (var alert in alerts)
        {
            Assert.Matches($@"alertname: {alert}\n\s+exp_alerts:\n\s+- exp_labels", tests);
        }
    }

    [Fact]
    public async Task A_rules_test_that_expects_the_wrong_alert_fails_so_the_unit_tests_are_real()
    {
        var broken = Path.Combine(Deploy, "vigil-alerts.broken.test.yml");
        var text = await File.ReadAllTextAsync(Path.Combine(Deploy, "vigil-alerts.test.yml"));
        await File.WriteAllTextAsync(broken, text.Replace("eval_time: 1m\n        alertname: VigilDown\n        exp_alerts: []", "eval_time: 1m\n        alertname: VigilDown\n        exp_alerts:\n          - exp_labels: { severity: critical, job: vigil, instance: node-1 }"));
        try
        {
            var (exit, _) = await PromtoolAsync("test", "rules", broken);
            Assert.NotEqual(0, exit);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    private static async Task<(int Exit, string Output)> PromtoolAsync(string verb, string kind, string file)
    {
        var promtool = "/usr/bin/promtool";
        Assert.True(File.Exists(promtool), "promtool is missing: apt-get install prometheus (.ci/run does)");
        using var process = Process.Start(new ProcessStartInfo(promtool, [verb, kind, file])
        {
            WorkingDirectory = Deploy,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Vigil.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("the repository root (Vigil.slnx) is not above the test binaries");
    }
}
