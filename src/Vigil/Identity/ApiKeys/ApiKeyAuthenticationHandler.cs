using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Vigil.Identity.Auth;
using Vigil.Identity.Tokens;

namespace Vigil.Identity.ApiKeys;

/// <summary>Authenticates <c>Authorization: Bearer vgk_…</c> as the health authority of the key's region.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService apiKeys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string ApiKeyIdClaim = "api_key_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (AuthSchemes.BearerCredential(Request) is not { } secret)
        {
            return AuthenticateResult.NoResult();
        }
        var key = await apiKeys.FindActiveAsync(secret, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("unknown or revoked API key");
        }
        var identity = new ClaimsIdentity(
            [
                new Claim("sub", "apikey:" + key.Id),
                new Claim(ApiKeyIdClaim, key.Id.ToString()),
                new Claim("role", Roles.HealthAuthority),
                new Claim(TokenSubjects.RegionClaim, key.Region),
            ],
            Scheme.Name, "sub", "role");
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
