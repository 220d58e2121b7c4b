using Microsoft.Extensions.Options;

namespace Vigil.Infrastructure;

/// <summary>The resolved, existing data directory; files written here that hold secrets get mode 0600.</summary>
public sealed class DataDirectory
{
    public DataDirectory(IOptions<VigilOptions> options)
        : this(options.Value.DataDirectory)
    {
    }

    public DataDirectory(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>
    /// Creates a file readable only by its owner, atomically (a temporary file renamed into place).
    /// Returns false, leaving the existing file alone, when another writer created it first.
    /// </summary>
    public bool TryCreateSecretFile(string relativePath, string contents)
    {
        var target = File(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        var temp = target + ".tmp-" + Guid.NewGuid().ToString("N");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var writer = new StreamWriter(new FileStream(temp, options)))
        {
            writer.Write(contents);
        }
        try
        {
            System.IO.File.Move(temp, target, overwrite: false);
            return true;
        }
        catch (IOException) when (System.IO.File.Exists(target))
        {
            System.IO.File.Delete(temp);
            return false;
        }
    }
}
