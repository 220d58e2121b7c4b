using Microsoft.Extensions.Options;

namespace Vigil.Infrastructure;

/// <summary>
/// The resolved, existing data directory. Created by Vigil, it is readable by its owner only (0700), and so is the
/// SQLite database in it (0600): they hold personal and health data. Files written here that hold secrets get 0600.
/// </summary>
public sealed class DataDirectory
{
    public DataDirectory(IOptions<VigilOptions> options)
        : this(options.Value.DataDirectory)
    {
    }

    public DataDirectory(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Path);
        }
        else
        {
            Directory.CreateDirectory(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>The path of a file in the directory, created empty and readable by its owner only if it is not there.</summary>
    public string OwnerOnlyFile(string name)
    {
        var path = File(name);
        if (!System.IO.File.Exists(path))
        {
            CreateOwnerOnly(path);
        }
        return path;
    }

    /// <summary>Creates an empty file readable by its owner only (0600), unless one is there already.</summary>
    public static void CreateOwnerOnly(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        new FileStream(path, options).Dispose();
    }

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
