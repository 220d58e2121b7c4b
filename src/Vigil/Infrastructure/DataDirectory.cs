using Microsoft.Extensions.Options;

namespace Vigil.Infrastructure;

/// <summary>
/// The resolved, existing data directory. Created by Vigil, it is readable by its owner only (0700), and so is the
/// SQLite database in it (0600): they hold personal and health data. Files written here that hold secrets get 0600.
/// </summary>
public sealed class DataDirectory
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

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
        CreateOwnerOnly(path);
        return path;
    }

    /// <summary>Creates an empty file readable by its owner only (0600), leaving one that is there already as it is.</summary>
    public static void CreateOwnerOnly(string path) => new FileStream(path, OwnerOnly(FileMode.OpenOrCreate)).Dispose();

    /// <summary>Makes an existing file readable by its owner only (0600), whatever mode it was created with.</summary>
    public static void RestrictToOwner(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(path, OwnerReadWrite);
        }
    }

    /// <summary>Options for writing a file that, when this creates it, is readable by its owner only.</summary>
    private static FileStreamOptions OwnerOnly(FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }
        return options;
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
        using (var writer = new StreamWriter(new FileStream(temp, OwnerOnly(FileMode.CreateNew))))
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
