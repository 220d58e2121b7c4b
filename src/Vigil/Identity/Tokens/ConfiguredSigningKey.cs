namespace Vigil.Identity.Tokens;

public sealed class ConfiguredSigningKey
{
    public string? Kid { get; set; }

    /// <summary>A PKCS#8 or SEC1 PEM of an ECDSA P-256 private key.</summary>
    public string? Pem { get; set; }

    /// <summary>A file holding the PEM, instead of <see cref="Pem"/>.</summary>
    public string? PemFile { get; set; }
}
