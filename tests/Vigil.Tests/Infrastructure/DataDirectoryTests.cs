using Vigil.Tests.Support;

namespace Vigil.Tests.Infrastructure;

/// <summary>The data directory holds personal and health data: what Vigil creates there is its owner's alone.</summary>
public sealed class DataDirectoryTests : IDisposable
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _parent = Directory.CreateTempSubdirectory("vigil-datadir-").FullName;

    public void Dispose() => Directory.Delete(_parent, recursive: true);

    [Fact]
    public async Task A_data_directory_vigil_creates_and_its_database_are_readable_by_their_owner_only()
    {
        var data = Path.Combine(_parent, "data");

        var migrated = await CliRunner.RunAsync(new[] { "migrate" }.With(data));

        Assert.Equal(0, migrated.ExitCode);
        Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(data));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(Path.Combine(data, "vigil.db")));
    }
}
