using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Vigil.Infrastructure;

namespace Vigil.SignedExports;

/// <summary>
/// The ECDSA P-256 key that signs export files. Configured in production
/// (<c>Vigil:Exposure:ExportSigningKeyPem</c> or <c>…PemFile</c>); generated once into
/// <c>{DataDirectory}/secrets/ExportSigningKey.pem</c> (mode 0600) otherwise.
/// </summary>
public sealed class ExportSigner
{
    public const string GeneratedFile = "secrets/ExportSigningKey.pem";
    private readonly ECDsa _key;

    public ExportSigner(IOptions<SignedExportOptions> options, DataDirectory dataDirectory, IHostEnvironment environment)
    {
        var settings = options.Value;
        var pem = settings.ExportSigningKeyPem
            ?? (settings.ExportSigningKeyPemFile is { } file ? File.ReadAllText(file) : null);
        if (pem is null)
        {
            if (environment.IsProduction())
            {
                throw new InvalidOperationException(
                    "Vigil:Exposure:ExportSigningKeyPem (or ExportSigningKeyPemFile) must be configured in Production; generated keys are for development only.");
            }
            dataDirectory.TryCreateSecretFile(GeneratedFile, ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKeyPem());
            pem = File.ReadAllText(dataDirectory.File(GeneratedFile));
        }
        _key = ECDsa.Create();
        _key.ImportFromPem(pem);
        if (_key.KeySize != 256)
        {
            throw new InvalidOperationException("The export signing key must be ECDSA P-256.");
        }
    }

    /// <summary>ASN.1 DER ECDSA signature over SHA-256 of <paramref name="data"/>.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) =>
        _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>The public key as PEM (SubjectPublicKeyInfo), for app builders.</summary>
    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();
}
