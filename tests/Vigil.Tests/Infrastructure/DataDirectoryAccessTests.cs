using Vigil.Infrastructure;
using Vigil.Tests.Support;

namespace Vigil.Tests.Infrastructure;

/// <summary>A data directory others can reach into is pointed out at start-up, with what to do.</summary>
public sealed class DataDirectoryAccessTests
{
    [Theory]
    [InlineData(UnixFileMode.GroupRead | UnixFileMode.GroupExecute, "750")]
    [InlineData(UnixFileMode.OtherExecute, "701")]
    [InlineData(UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute, "755")]
    public void Any_access_for_group_or_others_gets_advice_with_the_mode(UnixFileMode others, string octal)
    {
        var advice = DataDirectoryAccess.Advice("/srv/vigil", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | others);

        Assert.Contains($"/srv/vigil is open to users other than its owner (mode {octal})", advice);
        Assert.Contains("chmod 700", advice);
    }

    [Fact]
    public void An_owner_only_directory_gets_none() =>
        Assert.Null(DataDirectoryAccess.Advice("/srv/vigil", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));

    [Fact]
    public async Task A_real_server_warns_about_a_directory_others_can_read_and_not_about_its_own()
    {
        var open = Directory.CreateTempSubdirectory("vigil-open-").FullName;
        var own = Path.Combine(Directory.CreateTempSubdirectory("vigil-own-").FullName, "data");
        try
        {
            File.SetUnixFileMode(open, File.GetUnixFileMode(open) | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            using (var server = await ServerProcess.StartAsync(open, FreePort.Next(), new Dictionary<string, string>(), "--Vigil:Broker:TcpPort=0"))
            {
                await server.KillAsync();
                Assert.Single(server.Lines, line => line.Contains($"{open} is open to users other than its owner (mode 755)", StringComparison.Ordinal));
            }
            using (var server = await ServerProcess.StartAsync(own, FreePort.Next(), new Dictionary<string, string>(), "--Vigil:Broker:TcpPort=0"))
            {
                await server.KillAsync();
                Assert.DoesNotContain(server.Lines, line => line.Contains("open to users other than its owner", StringComparison.Ordinal));
            }
        }
        finally
        {
            Directory.Delete(open, recursive: true);
            Directory.Delete(Path.GetDirectoryName(own)!, recursive: true);
        }
    }
}
