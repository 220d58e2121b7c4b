namespace Vigil.Identity.Tokens;

/// <summary>A trusted external issuer: its keys come from a JWKS (URL or inline) or a shared HS256 secret.</summary>
public sealed class ExternalIssuer
{
    public string Issuer { get; set; } = "";
    public string? Audience { get; set; }
    public string? JwksUrl { get; set; }
    public string? Jwks { get; set; }

    /// <summary>Base64 HS256 secret (at least 32 bytes).</summary>
    public string? HmacSecret { get; set; }

    /// <summary>The claim that carries the user id; mapped to <c>sub</c>.</summary>
    public string UserIdClaim { get; set; } = "sub";

    /// <summary>Roles granted to this issuer's users.</summary>
    public List<string> Roles { get; set; } = ["app_user"];
}
