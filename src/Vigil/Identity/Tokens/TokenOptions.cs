namespace Vigil.Identity.Tokens;

/// <summary>Settings under <c>Vigil:Tokens</c>.</summary>
public sealed class TokenOptions
{
    public const string Section = "Vigil:Tokens";

    /// <summary>The <c>iss</c> of every token Vigil signs. In production set it to the public base URL.</summary>
    public string Issuer { get; set; } = "vigil";

    /// <summary>The <c>aud</c> of access tokens; refresh tokens carry <c>{Audience}:refresh</c>.</summary>
    public string Audience { get; set; } = "vigil";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(21);
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many verified access tokens to remember (skipping a second signature check); 0 turns the cache off.</summary>
    public int ValidatedTokenCacheSize { get; set; } = 100_000;

    /// <summary>Signing keys from configuration (production). The first one signs; all are published.</summary>
    public List<ConfiguredSigningKey> SigningKeys { get; set; } = [];

    /// <summary>Other identity providers whose tokens Vigil accepts.</summary>
    public List<ExternalIssuer> ExternalIssuers { get; set; } = [];

    public string RefreshAudience => Audience + ":refresh";

    /// <summary>How long a retired key stays published: the longest any token it signed can live.</summary>
    public TimeSpan RetiredKeyGrace =>
        (AccessTokenLifetime > RefreshTokenLifetime ? AccessTokenLifetime : RefreshTokenLifetime) + ClockSkew;
}
