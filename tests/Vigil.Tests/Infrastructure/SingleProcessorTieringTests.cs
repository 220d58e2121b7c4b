using Vigil.Infrastructure;
using Vigil.Tests.Support;

namespace Vigil.Tests.Infrastructure;

/// <summary>A node that the runtime counts as one processor says how to keep its code from staying unoptimized.</summary>
public sealed class SingleProcessorTieringTests
{
    [Fact]
    public void One_processor_without_the_setting_gets_advice_naming_it()
    {
        Assert.Contains($"{SingleProcessorTiering.Variable}=1", SingleProcessorTiering.Advice(1, null));
        Assert.NotNull(SingleProcessorTiering.Advice(1, " "));
    }

    [Theory]
    [InlineData(2, null)]
    [InlineData(64, null)]
    [InlineData(1, "1")]
    [InlineData(1, "10")]
    public void More_processors_or_the_setting_made_either_way_get_none(int processors, string? multiplier) =>
        Assert.Null(SingleProcessorTiering.Advice(processors, multiplier));

    [Fact]
    public async Task A_real_server_on_one_processor_warns_once_and_is_quiet_with_the_setting()
    {
        var data = Directory.CreateTempSubdirectory("vigil-one-cpu-").FullName;
        try
        {
            var oneProcessor = new Dictionary<string, string> { ["DOTNET_PROCESSOR_COUNT"] = "1" };
            using (var server = await ServerProcess.StartAsync(data, FreePort.Next(), oneProcessor, "--Vigil:Broker:TcpPort=0"))
            {
                await server.KillAsync();
                Assert.Single(server.Lines, line => line.Contains(SingleProcessorTiering.Variable, StringComparison.Ordinal));
            }
            oneProcessor[SingleProcessorTiering.Variable] = "1";
            using (var server = await ServerProcess.StartAsync(data, FreePort.Next(), oneProcessor, "--Vigil:Broker:TcpPort=0"))
            {
                await server.KillAsync();
                Assert.DoesNotContain(server.Lines, line => line.Contains(SingleProcessorTiering.Variable, StringComparison.Ordinal));
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
