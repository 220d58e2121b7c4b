using System.Reflection;
using System.Text.RegularExpressions;
using Vigil.Tests.Support;

namespace Vigil.Tests.Infrastructure;

/// <summary>Telemetry says which service and which process it comes from (Prometheus' <c>target_info</c>, OTLP's resource).</summary>
[Collection(ProcessWideMetrics.Name)]
public sealed partial class ServiceResourceTests
{
    [Fact]
    public async Task A_server_reports_itself_as_vigil_with_its_build_and_an_instance_id()
    {
        using var app = await VigilApp.StartWithSocketsAsync(TestDatabases.Sqlite);

        var info = await TargetInfoAsync(app);

        Assert.Equal("vigil", info["service_name"]);
        var build = typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Equal(build, info["service_version"]);
        // One per process (the SDK's), so that two nodes of a cluster are told apart.
        Assert.True(Guid.TryParse(info["service_instance_id"], out _));
    }

    [Fact]
    public async Task The_standard_variables_name_the_service_and_add_attributes()
    {
        using var app = await VigilApp.StartWithSocketsAsync(TestDatabases.Sqlite, new Dictionary<string, string?>
        {
            ["OTEL_SERVICE_NAME"] = "vigil-eu-west",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment=staging",
        });

        var info = await TargetInfoAsync(app);

        Assert.Equal("vigil-eu-west", info["service_name"]);
        Assert.Equal("staging", info["deployment_environment"]);
    }

    private static async Task<Dictionary<string, string>> TargetInfoAsync(VigilApp app)
    {
        var line = TargetInfo().Match(await app.ScrapeMetricsAsync());
        Assert.True(line.Success, "no target_info in /metrics");
        return Label().Matches(line.Groups[1].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
    }

    [GeneratedRegex(@"^target_info\{(.*)\} 1$", RegexOptions.Multiline)]
    private static partial Regex TargetInfo();

    [GeneratedRegex(@"(\w+)=""([^""]*)""")]
    private static partial Regex Label();
}
