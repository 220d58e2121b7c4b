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

    /// <summary>
    /// Stops the start on a setting that would otherwise fail every token of this issuer at its first use
    /// (a phone's CONNECT, a request) with nothing in the log to say why.
    /// </summary>
    public void Validate(int index)
    {
        var name = $"{TokenOptions.Section}:ExternalIssuers:{index}";
        if (string.IsNullOrWhiteSpace(Issuer))
        {
            throw new InvalidOperationException($"{name}:Issuer is empty.");
        }
        var sources = new[] { HmacSecret, Jwks, JwksUrl }.Count(s => !string.IsNullOrEmpty(s));
        if (sources != 1)
        {
            throw new InvalidOperationException($"{name} ({Issuer}) needs exactly one of HmacSecret, Jwks or JwksUrl (it has {sources}).");
        }
        if (HmacSecret is { Length: > 0 } secret)
        {
            var bytes = new byte[secret.Length];
            if (!Convert.TryFromBase64String(secret, bytes, out var length))
            {
                throw new InvalidOperationException($"{name}:HmacSecret ({Issuer}) is not base64.");
            }
            if (length < 32)
            {
                throw new InvalidOperationException($"{name}:HmacSecret ({Issuer}) is {length} bytes; HS256 needs at least 32.");
            }
        }
    }
}
