using System.Security.Claims;
using Vigil.Identity.Tokens;

namespace Vigil.Identity.ApiKeys;

/// <summary>Which health authority a request authenticated with an API key speaks for.</summary>
public sealed record ApiKeyIdentity(Guid Id, string Region)
{
    public static ApiKeyIdentity Of(ApiKey key) => new(key.Id, key.Region);

    /// <summary>The key the ApiKey scheme authenticated this request with, or null.</summary>
    public static ApiKeyIdentity? From(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(ApiKeyAuthenticationHandler.ApiKeyIdClaim)?.Value, out var id)
        && user.FindFirst(TokenSubjects.RegionClaim)?.Value is { } region
            ? new ApiKeyIdentity(id, region)
            : null;
}
