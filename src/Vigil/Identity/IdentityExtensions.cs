using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Vigil.Identity.ApiKeys;
using Vigil.Identity.Auth;
using Vigil.Identity.Phone;
using Vigil.Identity.Sms;
using Vigil.Identity.Staff;
using Vigil.Identity.Tokens;
using Vigil.Identity.Users;

namespace Vigil.Identity;

public static class IdentityExtensions
{
    /// <summary>Tokens, phone verification, staff accounts, API keys, and the Bearer authentication scheme.</summary>
    public static IHostApplicationBuilder AddIdentity(this IHostApplicationBuilder builder)
    {
        builder.AddTokenValidation();
        var services = builder.Services;
        services.Configure<PhoneOptions>(builder.Configuration.GetSection(PhoneOptions.Section));
        services.Configure<SmsOptions>(builder.Configuration.GetSection(SmsOptions.Section));
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<PhoneHasher>();
        services.AddScoped<TokenSubjects>();
        services.AddScoped<SessionTokens>();
        services.AddScoped<PhoneVerification>();
        services.AddScoped<StaffAccounts>();
        services.AddScoped<StaffAdministration>();
        services.AddScoped(typeof(Credentials.HashedCredentials<>));
        services.AddScoped<ApiKeyService>();
        services.AddScoped<HandlerKeys.HandlerKeyService>();
        services.AddSingleton<ApiKeyCache>();
        services.AddHttpClient<TwilioSmsSender>(http => http.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton<DevelopmentSmsSender>();
        services.AddTransient<ISmsSender>(sp =>
            sp.GetRequiredService<IOptions<SmsOptions>>().Value.Sender.Trim().ToLowerInvariant() switch
            {
                "development" or "" => sp.GetRequiredService<DevelopmentSmsSender>(),
                "twilio" => sp.GetRequiredService<TwilioSmsSender>(),
                var other => throw new InvalidOperationException($"Vigil:Sms:Sender '{other}' is not known; use 'development' or 'twilio'."),
            });

        services.AddAuthentication(AuthSchemes.Bearer)
            .AddPolicyScheme(AuthSchemes.Bearer, "JWT or API key", policy => policy.ForwardDefaultSelector = context =>
                AuthSchemes.BearerCredential(context.Request)?.StartsWith(ApiKeyService.KeyPrefix, StringComparison.Ordinal) == true
                    ? AuthSchemes.ApiKey
                    : AuthSchemes.Jwt)
            .AddScheme<AuthenticationSchemeOptions, JwtAuthenticationHandler>(AuthSchemes.Jwt, null)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthSchemes.ApiKey, null);
        services.AddAuthorization(Policies.Add);
        services.AddHostedService<StaffScopesAtStartup>();
        return builder;
    }

    /// <summary>
    /// What checks a caller without serving identity: access tokens (Vigil's and trusted issuers') and staff stamps, with the identity secrets loaded at start (a Production server refuses missing or example ones).
    /// </summary>
    public static IHostApplicationBuilder AddTokenValidation(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<TokenOptions>(builder.Configuration.GetSection(TokenOptions.Section));
        var issuers = builder.Configuration.GetSection(TokenOptions.Section).Get<TokenOptions>()?.ExternalIssuers ?? [];
        for (var i = 0; i < issuers.Count; i++)
        {
            issuers[i].Validate(i);
        }
        services.Configure<StaffOptions>(builder.Configuration.GetSection(StaffOptions.Section));
        services.AddSingleton<SigningKeyStore>();
        services.AddSingleton<TokenValidator>();
        services.AddSingleton<ValidatedTokenCache>();
        services.AddSingleton<ExternalIssuerKeys>();
        services.AddHttpClient(nameof(ExternalIssuerKeys));
        services.AddSingleton<StaffAccessStamps>();
        services.AddHostedService<IdentitySecretsAtStartup>();
        return builder;
    }

    public static IEndpointRouteBuilder MapIdentity(this IEndpointRouteBuilder routes) => routes
        .MapOperator()
        .MapAppLogin()
        .MapStaffLogin()
        .MapTokens()
        .MapOAuthToken()
        .MapApiKeys();
}
