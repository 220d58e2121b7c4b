using Microsoft.Net.Http.Headers;

namespace Vigil.Identity.Auth;

/// <summary>
/// Both JWTs and API keys arrive as <c>Authorization: Bearer …</c>; the <see cref="Bearer"/> policy
/// scheme forwards to <see cref="ApiKey"/> when the credential carries the API key prefix.
/// </summary>
public static class AuthSchemes
{
    public const string Bearer = "Bearer";
    public const string Jwt = "Jwt";
    public const string ApiKey = "ApiKey";

    public static string? BearerCredential(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        const string prefix = "Bearer ";
        return header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && header.Length > prefix.Length
            ? header[prefix.Length..].Trim()
            : null;
    }
}
