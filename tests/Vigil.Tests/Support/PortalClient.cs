using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Vigil.Tests.Support;

/// <summary>The portal over plain HTTP (no browser): cookies kept, redirects not followed, forms posted with their antiforgery token.</summary>
public sealed partial class PortalClient(VigilApp app)
{
    public HttpClient Http { get; } = app.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = app.HttpAddress ?? new Uri("http://localhost"),
    });

    public async Task<HttpResponseMessage> GetAsync(string path) => await Http.GetAsync(path);

    /// <summary>Opens <paramref name="page"/>, takes the form's antiforgery token and posts the fields to <paramref name="action"/> (default: the page).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string page, IDictionary<string, string> fields, string? action = null, bool withToken = true)
    {
        var html = await (await Http.GetAsync(page)).Content.ReadAsStringAsync();
        var form = new Dictionary<string, string>(fields);
        if (withToken)
        {
            form["__csrf"] = TokenPattern().Match(html) is { Success: true } match
                ? WebUtility.HtmlDecode(match.Groups[1].Value)
                : throw new InvalidOperationException($"{page} has no antiforgery token");
        }
        return await Http.PostAsync(action ?? page, new FormUrlEncodedContent(form));
    }

    public async Task<HttpResponseMessage> SignInAsync(string email, string password = StaffFlow.Password) =>
        await PostFormAsync("/portal/sign-in", new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });

    public async Task<string> SignInAsNewAsync(string role, string? region = null)
    {
        var email = await app.CreateStaffAsync(role, region);
        var reply = await SignInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        return email;
    }

    [GeneratedRegex("name=\"__csrf\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
