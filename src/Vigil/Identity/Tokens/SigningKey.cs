using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Vigil.Identity.Tokens;

/// <summary>An ES256 token signing key with its key id.</summary>
public sealed class SigningKey
{
    public SigningKey(ECDsa key, string? kid, DateTimeOffset createdAt)
    {
        if (key.KeySize != 256)
        {
            throw new InvalidOperationException("Token signing keys must be ECDSA P-256.");
        }
        Kid = kid ?? Thumbprint(key);
        CreatedAt = createdAt;
        SecurityKey = new ECDsaSecurityKey(key) { KeyId = Kid };
    }

    public string Kid { get; }
    public DateTimeOffset CreatedAt { get; }
    public ECDsaSecurityKey SecurityKey { get; }

    public SigningCredentials Credentials => new(SecurityKey, SecurityAlgorithms.EcdsaSha256);

    /// <summary>A public JWK with only the public parameters.</summary>
    public object ToPublicJwk()
    {
        var p = SecurityKey.ECDsa.ExportParameters(includePrivateParameters: false);
        return new
        {
            kty = "EC",
            crv = "P-256",
            x = Base64UrlEncoder.Encode(p.Q.X),
            y = Base64UrlEncoder.Encode(p.Q.Y),
            kid = Kid,
            use = "sig",
            alg = "ES256",
        };
    }

    private static string Thumbprint(ECDsa key) =>
        Base64UrlEncoder.Encode(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];
}
