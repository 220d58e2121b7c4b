using Microsoft.Extensions.FileProviders;
using Microsoft.AspNetCore.DataProtection;
using Vigil.Identity.Auth;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Vigil.Infrastructure.Database;
using Vigil.Infrastructure.Secrets;
using Vigil.Portal.KeyRing;

namespace Vigil.Portal;

public static class PortalExtensions
{
    public const string AssetsPath = "/portal/assets";
    public const string StaffPolicy = "portal_staff";

    /// <summary>The staff web application: Razor Pages under <c>/portal</c>, cookie sign-in, antiforgery on every form.</summary>
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.Section);
        services.AddSingleton<PortalClock>();
        services.AddRazorPages(pages =>
        {
            pages.RootDirectory = "/Portal/Pages";
            pages.Conventions.AuthorizeFolder("/", StaffPolicy);
            pages.Conventions.AllowAnonymousToPage("/SignIn");
            pages.Conventions.AllowAnonymousToPage("/SetPassword");
        });
        var secure = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        services.AddAuthentication().AddCookie(PortalAuth.Scheme, cookie =>
        {
            cookie.Cookie.Name = PortalAuth.CookieName;
            cookie.Cookie.Path = "/portal";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = secure;
            cookie.LoginPath = "/portal/sign-in";
            cookie.LogoutPath = "/portal/sign-out";
            cookie.AccessDeniedPath = "/portal/denied";
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = builder.Configuration.GetSection(PortalOptions.Section).Get<PortalOptions>()?.IdleTimeout ?? new PortalOptions().IdleTimeout;
            cookie.Events.OnValidatePrincipal = PortalAuth.ValidateAsync;
        });
        services.AddAuthorizationBuilder().AddPolicy(StaffPolicy, policy => policy
            .AddAuthenticationSchemes(PortalAuth.Scheme).RequireRole(Roles.Staff));
        // Sign-in and antiforgery cookies are encrypted with these keys: kept in the database, sealed, so a
        // restart does not sign everyone out and every node of a cluster reads the same key ring.
        services.AddDataProtection().SetApplicationName("vigil").PersistKeysToDbContext<VigilDb>();
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(keys => keys.XmlEncryptor = new SealedKeyXml(sp.GetRequiredService<SecretStore>())));
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "vigil.portal.af";
            antiforgery.Cookie.Path = "/portal";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = secure;
            antiforgery.FormFieldName = "__csrf";
        });
        return builder;
    }

    /// <summary>Security headers on every portal response, and the portal's own static files (Chart.js included).</summary>
    public static WebApplication UsePortal(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/portal"))
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; "
                    + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "same-origin";
                headers.XFrameOptions = "DENY";
                // Pages show one-time codes and new secrets: never keep them in a cache. Exactly what antiforgery
                // sets on pages with a form, so it has nothing to override (and nothing to warn about).
                headers.CacheControl = "no-cache, no-store";
                headers.Pragma = "no-cache";
            }
            return next(context);
        });
        var assets = Path.Combine(AppContext.BaseDirectory, "portal-assets");
        Directory.CreateDirectory(assets);
        app.UseStaticFiles(new StaticFileOptions { RequestPath = AssetsPath, FileProvider = new PhysicalFileProvider(assets) });
        return app;
    }

    public static IEndpointRouteBuilder MapPortal(this IEndpointRouteBuilder routes)
    {
        routes.MapRazorPages();
        return routes;
    }
}
