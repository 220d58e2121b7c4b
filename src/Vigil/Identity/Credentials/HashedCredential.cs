namespace Vigil.Identity.Credentials;

/// <summary>
/// A secret a system presents as a bearer credential (API keys, handler keys): shown once at creation, stored
/// only as its SHA-256, listed by its first characters, revoked by a timestamp that never moves once set.
/// </summary>
public abstract class HashedCredential
{
    public Guid Id { get; set; }
    public required string Name { get; set; }

    /// <summary>The key's first characters, shown in listings so an operator can tell keys apart.</summary>
    public required string Prefix { get; set; }

    /// <summary>Hex SHA-256 of the whole key.</summary>
    public required string Hash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
