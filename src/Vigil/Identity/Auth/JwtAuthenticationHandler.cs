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

    /// <summary>401 in the apps' error form (<c>{"message": …}</c>), with the Bearer challenge header.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var message = AuthSchemes.BearerCredential(Request) is null ? "an access token is required (Authorization: Bearer …)" : "the access token is not valid";
        return Infrastructure.Http.ErrorMessage.Result(StatusCodes.Status401Unauthorized, message).ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Infrastructure.Http.ErrorMessage.Result(StatusCodes.Status403Forbidden, "this account may not do that").ExecuteAsync(Context);
}
