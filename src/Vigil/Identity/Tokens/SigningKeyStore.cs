using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Vigil.Infrastructure;

namespace Vigil.Identity.Tokens;

/// <summary>
/// The token signing keys. From configuration in production; otherwise PEM files in
/// <c>{DataDirectory}/signing-keys/</c>, named by creation time, the newest signing. A retired key
/// stays published until every token it signed has expired.
/// </summary>
public sealed class SigningKeyStore(
    IOptions<TokenOptions> options,
    DataDirectory dataDirectory,
    IHostEnvironment environment,
    TimeProvider clock)
{
    private const string Folder = "signing-keys";
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(5);
    private readonly Lock _gate = new();
    private Snapshot? _snapshot;

    private sealed record Snapshot(SigningKey Active, IReadOnlyList<SigningKey> Published, DateTime FolderWrite, long CheckedAt);

    public bool FromConfiguration => options.Value.SigningKeys.Count > 0;

    public SigningKey Active => Current().Active;

    public IReadOnlyList<SigningKey> Published => Current().Published;

    public SigningKey? Find(string? kid) => kid is null ? null : Published.FirstOrDefault(k => k.Kid == kid);

    /// <summary>Adds a new signing key (generated keys only) and drops keys no token can need any more.</summary>
    public SigningKey Rotate()
    {
        if (FromConfiguration)
        {
            throw new InvalidOperationException(
                "Signing keys come from configuration (Vigil:Tokens:SigningKeys); add the new key there, first in the list.");
        }
        lock (_gate)
        {
            var key = Generate();
            foreach (var (path, created) in KeyFiles())
            {
                var successor = KeyFiles().Select(f => f.Created).Where(c => c > created).DefaultIfEmpty().Min();
                if (successor != default && successor + options.Value.RetiredKeyGrace < clock.GetUtcNow())
                {
                    File.Delete(path);
                }
            }
            _snapshot = null;
            return key;
        }
    }

    private Snapshot Current()
    {
        var snapshot = _snapshot;
        if (snapshot is not null && (FromConfiguration || Environment.TickCount64 - snapshot.CheckedAt < RecheckInterval.TotalMilliseconds))
        {
            return snapshot;
        }
        lock (_gate)
        {
            var folderWrite = FromConfiguration ? default : Directory.GetLastWriteTimeUtc(dataDirectory.File(Folder));
            if (_snapshot is null || _snapshot.FolderWrite != folderWrite)
            {
                _snapshot = FromConfiguration ? LoadConfigured() : LoadFiles() with { FolderWrite = folderWrite };
            }
            else
            {
                _snapshot = _snapshot with { CheckedAt = Environment.TickCount64 };
            }
            return _snapshot;
        }
    }

    private Snapshot LoadConfigured()
    {
        var keys = options.Value.SigningKeys.Select(ToSigningKey).ToList();
        return new Snapshot(keys[0], keys, default, Environment.TickCount64);
    }

    private static SigningKey ToSigningKey(ConfiguredSigningKey configured)
    {
        var pem = configured.Pem ?? (configured.PemFile is { } file ? File.ReadAllText(file) : null)
            ?? throw new InvalidOperationException("Each Vigil:Tokens:SigningKeys entry needs Pem or PemFile.");
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(pem);
        return new SigningKey(ecdsa, configured.Kid, DateTimeOffset.MinValue);
    }

    private Snapshot LoadFiles()
    {
        if (environment.IsProduction())
        {
            throw new InvalidOperationException(
                "Vigil:Tokens:SigningKeys must be configured in Production; generated signing keys are for development only.");
        }
        Directory.CreateDirectory(dataDirectory.File(Folder));
        var files = KeyFiles();
        if (files.Count == 0)
        {
            Generate();
            files = KeyFiles();
        }
        var now = clock.GetUtcNow();
        var keys = new List<SigningKey>();
        for (var i = 0; i < files.Count; i++)
        {
            var retiredAt = i + 1 < files.Count ? files[i + 1].Created : (DateTimeOffset?)null;
            if (retiredAt is null || retiredAt + options.Value.RetiredKeyGrace > now)
            {
                var ecdsa = ECDsa.Create();
                ecdsa.ImportFromPem(File.ReadAllText(files[i].Path));
                keys.Add(new SigningKey(ecdsa, null, files[i].Created));
            }
        }
        return new Snapshot(keys[^1], keys, default, Environment.TickCount64);
    }

    private SigningKey Generate()
    {
        var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var created = clock.GetUtcNow();
        var name = $"{created.ToUnixTimeMilliseconds():D15}-{Guid.NewGuid():N}.pem";
        dataDirectory.TryCreateSecretFile(Path.Combine(Folder, name), ecdsa.ExportPkcs8PrivateKeyPem());
        return new SigningKey(ecdsa, null, created);
    }

    private List<(string Path, DateTimeOffset Created)> KeyFiles() =>
        Directory.EnumerateFiles(dataDirectory.File(Folder), "*.pem")
            .Select(path => (path, Created: ParseCreated(Path.GetFileName(path))))
            .OrderBy(f => f.Created).ThenBy(f => f.path, StringComparer.Ordinal)
            .ToList();

    private static DateTimeOffset ParseCreated(string fileName) =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(fileName[..15], CultureInfo.InvariantCulture));
}
