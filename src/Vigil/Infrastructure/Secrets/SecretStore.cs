using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Vigil.Infrastructure.Secrets;

/// <summary>
/// Server secrets by name. Configured values (<c>Vigil:Secrets:{name}</c>, base64) win; otherwise a
/// random value is generated once into <c>{DataDirectory}/secrets/{name}.key</c> (mode 0600).
/// In Production generated or example values are refused.
/// </summary>
public sealed class SecretStore(IConfiguration configuration, DataDirectory dataDirectory, IHostEnvironment environment)
{
    public const string Section = "Vigil:Secrets";
    private readonly ConcurrentDictionary<string, byte[]> _cache = new();

    public byte[] Get(string name, int generatedBytes = 32) =>
        _cache.GetOrAdd(name, n => Load(n, generatedBytes));

    private byte[] Load(string name, int generatedBytes)
    {
        var configured = configuration[$"{Section}:{name}"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var value = Decode(name, configured);
            if (environment.IsProduction() && ExampleSecrets.IsExample(configured))
            {
                throw new InvalidOperationException($"{Section}:{name} is an example value; set a secret of your own.");
            }
            return value;
        }
        if (environment.IsProduction())
        {
            throw new InvalidOperationException(
                $"{Section}:{name} must be configured in Production; generated secrets are for development only.");
        }
        return LoadOrGenerate(name, generatedBytes);
    }

    private static byte[] Decode(string name, string configured)
    {
        try
        {
            var bytes = Convert.FromBase64String(configured.Trim());
            if (bytes.Length < 16)
            {
                throw new InvalidOperationException($"{Section}:{name} is shorter than 16 bytes.");
            }
            return bytes;
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{Section}:{name} is not valid base64.");
        }
    }

    private byte[] LoadOrGenerate(string name, int generatedBytes)
    {
        var relativePath = Path.Combine("secrets", name + ".key");
        dataDirectory.TryCreateSecretFile(relativePath, Convert.ToBase64String(RandomNumberGenerator.GetBytes(generatedBytes)));
        return Convert.FromBase64String(File.ReadAllText(dataDirectory.File(relativePath)).Trim());
    }
}
