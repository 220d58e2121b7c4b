using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Vigil.Identity.Tokens;

namespace Vigil.Identity.Auth;

/// <summary>Authenticates <c>Authorization: Bearer &lt;access JWT&gt;</c> (Vigil's own or a trusted issuer's).</summary>
public sealed class JwtAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenValidator validator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (AuthSchemes.BearerCredential(Request) is not { } token)
        {
            return AuthenticateResult.NoResult();
        }
        var identity = await validator.ValidateAccessTokenAsync(token);
        return identity is null
            ? AuthenticateResult.Fail("invalid token")
            : AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
