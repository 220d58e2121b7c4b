using System.Text.Json;

namespace Vigil.Tests.Broker.Hosting;

public sealed class RuntimeConfigurationTests
{
    [Fact]
    public void Vigil_runs_with_workstation_garbage_collection()
    {
        // What `dotnet vigil.dll` (and the tests' own server processes) start with: docs/benchmarks.md measured
        // 7-8 KiB per MQTT connection with workstation GC against 10 with server GC.
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vigil.runtimeconfig.json")));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean());
    }
}
