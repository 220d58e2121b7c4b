using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Vigil.Identity.Tokens;

/// <summary>Signs access and refresh tokens with the active ES256 key.</summary>
public sealed class TokenIssuer(SigningKeyStore keys, IOptions<TokenOptions> options, TimeProvider clock)
{
    public const string AccessType = "at+jwt";
    public const string RefreshType = "rt+jwt";
    public const string FamilyClaim = "fam";
    public const string SubjectKindClaim = "sk";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public string CreateAccessToken(TokenSubject subject)
    {
        var claims = new Dictionary<string, object>(subject.Claims)
        {
            [JwtRegisteredClaimNames.Sub] = subject.Id.ToString(),
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            ["role"] = subject.Roles.Count == 1 ? subject.Roles[0] : subject.Roles.ToArray(),
        };
        return Sign(AccessType, options.Value.Audience, options.Value.AccessTokenLifetime, claims);
    }

    public string CreateRefreshToken(TokenSubject subject, Guid familyId, string jti, DateTimeOffset expiresAt)
    {
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = subject.Id.ToString(),
            [JwtRegisteredClaimNames.Jti] = jti,
            [FamilyClaim] = familyId.ToString(),
            [SubjectKindClaim] = subject.Kind,
        };
        return Sign(RefreshType, options.Value.RefreshAudience, expiresAt - clock.GetUtcNow(), claims);
    }

    private string Sign(string type, string audience, TimeSpan lifetime, Dictionary<string, object> claims)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Claims = claims,
            TokenType = type,
            SigningCredentials = keys.Active.Credentials,
        });
    }
}
