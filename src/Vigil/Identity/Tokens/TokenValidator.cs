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

    /// <summary>
    /// An access token from Vigil or a trusted issuer; null when it is not valid. <paramref name="remember"/>
    /// false leaves a newly validated token out of the cache, for callers that see a token once (an
    /// MQTT connection), where holding thousands of identities would cost memory and save nothing.
    /// </summary>
    public async Task<ClaimsIdentity?> ValidateAccessTokenAsync(string token, bool remember = true)
    {
        var identity = cache.Find(token);
        if (identity is null)
        {
            identity = await ValidateUncachedAsync(token);
            if (remember && identity is not null && _handler.ReadJsonWebToken(token).ValidTo is var expires && expires > DateTime.MinValue)
            {
                cache.Add(token, identity, new DateTimeOffset(expires, TimeSpan.Zero) + options.Value.ClockSkew);
            }
        }
        return identity is not null && await IsCurrentAsync(identity) ? identity : null;
    }

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

    private async Task<ClaimsIdentity?> ValidateUncachedAsync(string token)
    {
        if (!_handler.CanReadToken(token))
        {
            return null;
        }
        string issuer;
        try
        {
            issuer = _handler.ReadJsonWebToken(token).Issuer;
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException)
        {
            return null;
        }
        if (issuer == options.Value.Issuer)
        {
            var own = await _handler.ValidateTokenAsync(token, OwnParameters(TokenIssuer.AccessType, options.Value.Audience));
            return own.IsValid ? own.ClaimsIdentity : null;
        }
        var external = options.Value.ExternalIssuers.FirstOrDefault(e => e.Issuer == issuer);
        return external is null ? null : await ValidateExternalAsync(token, external);
    }

    /// <summary>A refresh token signed by Vigil; null when it is not valid (an access token never is).</summary>
    public async Task<JsonWebToken?> ValidateRefreshTokenAsync(string token)
    {
        if (!_handler.CanReadToken(token))
        {
            return null;
        }
        var result = await _handler.ValidateTokenAsync(token, OwnParameters(TokenIssuer.RefreshType, options.Value.RefreshAudience));
        return result.IsValid ? result.SecurityToken as JsonWebToken : null;
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

    private async Task<ClaimsIdentity?> ValidateExternalAsync(string token, ExternalIssuer issuer)
    {
        var (signingKeys, algorithms) = await externalKeys.GetAsync(issuer);
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer.Issuer,
            ValidateAudience = issuer.Audience is not null,
            ValidAudience = issuer.Audience,
            ValidAlgorithms = algorithms,
            IssuerSigningKeys = signingKeys,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            LifetimeValidator = ValidLifetime,
            NameClaimType = issuer.UserIdClaim,
        });
        if (!result.IsValid || result.ClaimsIdentity.FindFirst(issuer.UserIdClaim)?.Value is not { Length: > 0 } userId)
        {
            return null;
        }
        var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, userId), new(JwtRegisteredClaimNames.Iss, issuer.Issuer) };
        claims.AddRange(issuer.Roles.Select(role => new Claim("role", role)));
        return new ClaimsIdentity(claims, "external", JwtRegisteredClaimNames.Sub, "role");
    }

    private bool ValidLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var skew = options.Value.ClockSkew;
        return expires is { } exp && now <= exp + skew && (notBefore is not { } nbf || now >= nbf - skew);
    }
}
