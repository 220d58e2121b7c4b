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
        var services = builder.Services;
        services.Configure<TokenOptions>(builder.Configuration.GetSection(TokenOptions.Section));
        var issuers = builder.Configuration.GetSection(TokenOptions.Section).Get<TokenOptions>()?.ExternalIssuers ?? [];
        for (var i = 0; i < issuers.Count; i++)
        {
            issuers[i].Validate(i);
        }
        services.Configure<PhoneOptions>(builder.Configuration.GetSection(PhoneOptions.Section));
        services.Configure<SmsOptions>(builder.Configuration.GetSection(SmsOptions.Section));
        services.Configure<StaffOptions>(builder.Configuration.GetSection(StaffOptions.Section));

        services.AddSingleton<SigningKeyStore>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<TokenValidator>();
        services.AddSingleton<ValidatedTokenCache>();
        services.AddSingleton<ExternalIssuerKeys>();
        services.AddScoped<TokenSubjects>();
        services.AddScoped<SessionTokens>();
        services.AddSingleton<PhoneHasher>();
        services.AddScoped<PhoneVerification>();
        services.AddScoped<StaffAccounts>();
        services.AddScoped<StaffAdministration>();
        services.AddSingleton<StaffAccessStamps>();
        services.AddScoped(typeof(Credentials.HashedCredentials<>));
        services.AddScoped<ApiKeyService>();
        services.AddScoped<HandlerKeys.HandlerKeyService>();
        services.AddSingleton<ApiKeyCache>();
        services.AddHttpClient(nameof(ExternalIssuerKeys));
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
        services.AddHostedService<IdentitySecretsAtStartup>();
        services.AddHostedService<StaffScopesAtStartup>();
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
