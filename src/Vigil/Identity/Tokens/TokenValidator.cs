using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Vigil.Identity.Staff;

namespace Vigil.Identity.Tokens;

/// <summary>
/// Validates Vigil's own tokens (ES256 only, known <c>kid</c>, issuer, audience, <c>typ</c>, lifetime
/// by the injected clock) and tokens of configured external issuers.
/// </summary>
public sealed class TokenValidator(
    SigningKeyStore keys,
    ExternalIssuerKeys externalKeys,
    ValidatedTokenCache cache,
    StaffAccessStamps staffStamps,
    IOptions<TokenOptions> options,
    TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();
    private readonly ConcurrentDictionary<ExternalIssuer, (IssuerKeys Keys, TokenValidationParameters Parameters)> _external = new();
    private TokenValidationParameters? _access;
    private TokenValidationParameters? _refresh;

    /// <summary>
    /// An access token from Vigil or a trusted issuer; null when it is not valid. <paramref name="remember"/>
    /// false leaves a newly validated token out of the cache, for callers that see a token once (an
    /// MQTT connection), where holding thousands of identities would cost memory and save nothing; such a caller
    /// gets only the claims a connection uses of Vigil's own tokens (<see cref="ConnectionClaims"/>).
    /// </summary>
    public async Task<ClaimsIdentity?> ValidateAccessTokenAsync(string token, bool remember = true)
    {
        var identity = cache.Find(token);
        if (identity is null)
        {
            identity = await ValidateUncachedAsync(token, allClaims: remember);
            if (remember && identity is not null && ExpiresAt(identity) is { } expires)
            {
                cache.Add(token, identity, expires + options.Value.ClockSkew);
            }
        }
        return identity is not null && await IsCurrentAsync(identity) ? identity : null;
    }

    /// <summary>When the token an identity came from expires (its <c>exp</c>), or null when it has none.</summary>
    public static DateTimeOffset? ExpiresAt(ClaimsIdentity identity) =>
        long.TryParse(identity.FindFirst(JwtRegisteredClaimNames.Exp)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>
    /// A staff token is good only while its account still has the stamp it was issued with: deleting,
    /// disabling, re-roling or re-passwording the account ends it. App users' and other issuers' tokens pass.
    /// </summary>
    public ValueTask<bool> IsCurrentAsync(ClaimsIdentity identity)
    {
        if (identity.FindFirst(JwtRegisteredClaimNames.Iss)?.Value != options.Value.Issuer
            || !identity.FindAll("role").Any(role => Auth.Roles.Staff.Contains(role.Value)))
        {
            return ValueTask.FromResult(true);
        }
        return Guid.TryParse(identity.FindFirst(JwtRegisteredClaimNames.Sub)?.Value, out var staffId)
            ? staffStamps.IsCurrentAsync(staffId, identity.FindFirst(TokenSubjects.StampClaim)?.Value)
            : ValueTask.FromResult(false);
    }

    /// <summary>The token is parsed once and validated against parameters made once per issuer: a CONNECT burst is thousands of these.</summary>
    private async Task<ClaimsIdentity?> ValidateUncachedAsync(string token, bool allClaims)
    {
        if (Read(token) is not { } jwt)
        {
            return null;
        }
        if (jwt.Issuer == options.Value.Issuer)
        {
            var own = await _handler.ValidateTokenAsync(jwt, _access ??= OwnParameters(TokenIssuer.AccessType, options.Value.Audience));
            return !own.IsValid ? null : allClaims ? own.ClaimsIdentity : ConnectionIdentity(jwt);
        }
        var external = options.Value.ExternalIssuers.FirstOrDefault(e => e.Issuer == jwt.Issuer);
        return external is null ? null : await ValidateExternalAsync(jwt, external);
    }

    /// <summary>A refresh token signed by Vigil; null when it is not valid (an access token never is).</summary>
    public async Task<JsonWebToken?> ValidateRefreshTokenAsync(string token)
    {
        if (Read(token) is not { } jwt)
        {
            return null;
        }
        var result = await _handler.ValidateTokenAsync(jwt, _refresh ??= OwnParameters(TokenIssuer.RefreshType, options.Value.RefreshAudience));
        return result.IsValid ? jwt : null;
    }

    // Who, issued by whom, until when, and the staff stamp: one value each. The roles may be several.
    private static readonly string[] SingleValuedConnectionClaims =
        [JwtRegisteredClaimNames.Sub, JwtRegisteredClaimNames.Iss, JwtRegisteredClaimNames.Exp, TokenSubjects.StampClaim];

    /// <summary>The claims of Vigil's own tokens that a connection uses: who, issued by whom, until when, the staff stamp, and the roles.</summary>
    public static readonly string[] ConnectionClaims = [.. SingleValuedConnectionClaims, "role"];

    /// <summary>An identity of <see cref="ConnectionClaims"/> only: the token library's own holds every claim, and a CONNECT burst makes thousands.</summary>
    private static ClaimsIdentity ConnectionIdentity(JsonWebToken jwt)
    {
        var claims = new List<Claim>(6);
        foreach (var name in SingleValuedConnectionClaims)
        {
            if (jwt.TryGetClaim(name, out var claim))
            {
                claims.Add(claim);
            }
        }
        // An array-valued claim read as a string is its JSON text; as an array, a lone string is one element.
        if (jwt.TryGetPayloadValue<string[]>("role", out var roles))
        {
            claims.AddRange(roles.Select(role => new Claim("role", role)));
        }
        return new ClaimsIdentity(claims, "vigil", JwtRegisteredClaimNames.Sub, "role");
    }

    private JsonWebToken? Read(string token)
    {
        if (!_handler.CanReadToken(token))
        {
            return null;
        }
        try
        {
            return _handler.ReadJsonWebToken(token);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException)
        {
            return null;
        }
    }

    private TokenValidationParameters OwnParameters(string type, string audience) => new()
    {
        ValidIssuer = options.Value.Issuer,
        ValidAudience = audience,
        ValidTypes = [type],
        ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        IssuerSigningKeyResolver = (_, _, kid, _) => keys.Find(kid) is { } key ? [key.SecurityKey] : [],
        TryAllIssuerSigningKeys = false,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        LifetimeValidator = ValidLifetime,
        NameClaimType = JwtRegisteredClaimNames.Sub,
        RoleClaimType = "role",
    };

    /// <summary>An external issuer's user, mapped to Vigil's claims: <c>sub</c>, <c>iss</c>, <c>exp</c> and the issuer's roles.</summary>
    private async Task<ClaimsIdentity?> ValidateExternalAsync(JsonWebToken jwt, ExternalIssuer issuer)
    {
        var keys = await externalKeys.GetAsync(issuer);
        if (!_external.TryGetValue(issuer, out var cached) || !ReferenceEquals(cached.Keys, keys))
        {
            cached = (keys, ExternalParameters(issuer, keys));
            _external[issuer] = cached;
        }
        var result = await _handler.ValidateTokenAsync(jwt, cached.Parameters);
        if (!result.IsValid || !jwt.TryGetClaim(issuer.UserIdClaim, out var userIdClaim) || userIdClaim.Value is not { Length: > 0 } userId)
        {
            return null;
        }
        var claims = new List<Claim>(3 + issuer.Roles.Count)
        {
            new(JwtRegisteredClaimNames.Sub, userId),
            new(JwtRegisteredClaimNames.Iss, issuer.Issuer),
            new(JwtRegisteredClaimNames.Exp, EpochTime.GetIntDate(jwt.ValidTo).ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64),
        };
        claims.AddRange(issuer.Roles.Select(role => new Claim("role", role)));
        return new ClaimsIdentity(claims, "external", JwtRegisteredClaimNames.Sub, "role");
    }

    private TokenValidationParameters ExternalParameters(ExternalIssuer issuer, IssuerKeys keys) => new()
    {
        ValidIssuer = issuer.Issuer,
        ValidateAudience = issuer.Audience is not null,
        ValidAudience = issuer.Audience,
        ValidAlgorithms = keys.Algorithms,
        IssuerSigningKeys = keys.Keys,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        LifetimeValidator = ValidLifetime,
        NameClaimType = issuer.UserIdClaim,
    };

    private bool ValidLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var skew = options.Value.ClockSkew;
        return expires is { } exp && now <= exp + skew && (notBefore is not { } nbf || now >= nbf - skew);
    }
}
