using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Identity.Staff;
using Vigil.Infrastructure.Database;
using Vigil.Tests.Support;

namespace Vigil.Tests.Regions;

/// <summary>Who may do what: every role against every admin and app endpoint, own and other prefecture.</summary>
public sealed class AdminAccessMatrixTests(VigilApps apps) : IClassFixture<VigilApps>
{
    private static readonly ConcurrentDictionary<string, Task<Dictionary<string, string?>>> Callers = new();

    public static TheoryData<string, string, string, string, string?, int> Matrix()
    {
        (string Who, string Method, string Path, string? Body, int Status)[] rows =
        [
            ("super", "GET", "/admins/users", null, 200), ("national", "GET", "/admins/users", null, 200),
            ("pref13", "GET", "/admins/users", null, 200), ("app", "GET", "/admins/users", null, 403), ("anonymous", "GET", "/admins/users", null, 401),
            ("super", "POST", "/admins/users", Admin("SUPER_ADMIN_ROLE"), 200), ("national", "POST", "/admins/users", Admin("SUPER_ADMIN_ROLE"), 403),
            ("pref13", "POST", "/admins/users", Admin("SUPER_ADMIN_ROLE"), 403),
            ("super", "POST", "/admins/users", Admin("NATIONAL_ADMIN_ROLE"), 200), ("national", "POST", "/admins/users", Admin("NATIONAL_ADMIN_ROLE"), 200),
            ("pref13", "POST", "/admins/users", Admin("NATIONAL_ADMIN_ROLE"), 403), ("app", "POST", "/admins/users", Admin("NATIONAL_ADMIN_ROLE"), 403),
            ("anonymous", "POST", "/admins/users", Admin("NATIONAL_ADMIN_ROLE"), 401),
            ("super", "POST", "/admins/users", Admin("PREFECTURE_ADMIN_ROLE", 13), 200), ("national", "POST", "/admins/users", Admin("PREFECTURE_ADMIN_ROLE", 13), 200),
            ("pref13", "POST", "/admins/users", Admin("PREFECTURE_ADMIN_ROLE", 13), 200), ("pref27", "POST", "/admins/users", Admin("PREFECTURE_ADMIN_ROLE", 13), 403),
            ("super", "GET", "/admins/users/{national}", null, 200), ("national", "GET", "/admins/users/{national}", null, 200),
            ("pref13", "GET", "/admins/users/{national}", null, 404), ("pref13", "GET", "/admins/users/{pref13}", null, 200),
            ("pref27", "GET", "/admins/users/{pref13}", null, 404), ("app", "GET", "/admins/users/{pref13}", null, 403),
            ("pref13", "DELETE", "/admins/users/{fresh13}", null, 200), ("pref27", "DELETE", "/admins/users/{fresh13}", null, 403),
            ("national", "DELETE", "/admins/users/{fresh13}", null, 200), ("pref13", "DELETE", "/admins/users/{national}", null, 403),
            ("pref13", "DELETE", "/admins/users/{self}", null, 403), ("super", "DELETE", "/admins/users/{self}", null, 403),
            ("app", "DELETE", "/admins/users/{fresh13}", null, 403), ("anonymous", "DELETE", "/admins/users/{fresh13}", null, 401),
            ("super", "GET", "/admins/prefectures", null, 200), ("pref13", "GET", "/admins/prefectures", null, 200),
            ("app", "GET", "/admins/prefectures", null, 403), ("anonymous", "GET", "/admins/prefectures", null, 401),
            ("super", "POST", "/admins/prefectures", null, 200), ("national", "POST", "/admins/prefectures", null, 200),
            ("pref13", "POST", "/admins/prefectures", null, 403), ("app", "POST", "/admins/prefectures", null, 403),
            ("pref13", "GET", "/admins/prefectures/13", null, 200), ("pref27", "GET", "/admins/prefectures/13", null, 404),
            ("national", "GET", "/admins/prefectures/13", null, 200),
            ("pref13", "PATCH", "/admins/prefectures/13", """{"message":"Tokyo notice"}""", 200),
            ("pref27", "PATCH", "/admins/prefectures/13", """{"message":"not mine"}""", 403),
            ("national", "PATCH", "/admins/prefectures/27", """{"message":"Osaka notice"}""", 200),
            ("super", "PATCH", "/admins/prefectures/27", """{"message":"Osaka notice"}""", 200),
            ("app", "PATCH", "/admins/prefectures/13", """{"message":"x"}""", 403), ("anonymous", "PATCH", "/admins/prefectures/13", """{"message":"x"}""", 401),
            ("app", "GET", "/prefectures/13/message", null, 200), ("anonymous", "GET", "/prefectures/13/message", null, 401),
            ("super", "GET", "/prefectures/13/message", null, 403),
            ("app", "GET", "/users/me/profile", null, 200), ("super", "GET", "/users/me/profile", null, 403),
            ("anonymous", "GET", "/users/me/profile", null, 401), ("app", "PATCH", "/users/me/profile", """{"prefecture":13}""", 200),
            ("super", "GET", "/admins/audit", null, 200), ("national", "GET", "/admins/audit", null, 200),
            ("pref13", "GET", "/admins/audit", null, 403), ("app", "GET", "/admins/audit", null, 403),
        ];
        var data = new TheoryData<string, string, string, string, string?, int>();
        foreach (var provider in TestDatabases.Names)
        {
            foreach (var (who, method, path, body, status) in rows)
            {
                data.Add(provider, who, method, path, body, status);
            }
        }
        return data;
    }

    private static string Admin(string role, int? prefecture = null) =>
        prefecture is null
            ? $$"""{"email":"{email}","adminRole":"{{role}}"}"""
            : $$"""{"email":"{email}","adminRole":"{{role}}","prefectureId":{{prefecture}}}""";

    [Theory, MemberData(nameof(Matrix))]
    public async Task Each_role_gets_the_expected_status(string provider, string who, string method, string path, string? body, int expected)
    {
        var app = await apps.For(provider);
        using var http = app.CreateClient();
        var callers = await Callers.GetOrAdd(provider, _ => SetUpAsync(app, http));
        var ids = Ids(callers);
        path = path.Replace("{national}", ids["national"]).Replace("{pref13}", ids["pref13"]).Replace("{self}", ids[who == "super" ? "super" : "pref13"]);
        if (path.Contains("{fresh13}"))
        {
            path = path.Replace("{fresh13}", await FreshPrefectureAdminAsync(app));
        }
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body.Replace("{email}", $"new-{Guid.NewGuid():N}@example.org"));
        }
        if (callers[who] is { } token)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        var response = await http.SendAsync(request);

        Assert.Equal(expected, (int)response.StatusCode);
    }

    private static async Task<Dictionary<string, string?>> SetUpAsync(VigilApp app, HttpClient http)
    {
        var callers = new Dictionary<string, string?>
        {
            ["super"] = await app.StaffTokenAsync(http, "super_admin"),
            ["national"] = await app.StaffTokenAsync(http, "national_admin"),
            ["pref13"] = await app.StaffTokenAsync(http, "prefecture_admin", "13"),
            ["pref27"] = await app.StaffTokenAsync(http, "prefecture_admin", "27"),
            ["app"] = (await http.PostAsync("/auth/login", """{"prefecture": 13}""")).Get("token"),
            ["anonymous"] = null,
        };
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/admins/prefectures", "", callers["super"])).Status);
        return callers;
    }

    private static Dictionary<string, string> Ids(Dictionary<string, string?> callers) => new()
    {
        ["super"] = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(callers["super"]!).Subject,
        ["national"] = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(callers["national"]!).Subject,
        ["pref13"] = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(callers["pref13"]!).Subject,
    };

    private static async Task<string> FreshPrefectureAdminAsync(VigilApp app)
    {
        var email = await app.CreateStaffAsync("prefecture_admin", "13");
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<VigilDb>().Set<StaffAccount>().SingleAsync(a => a.Email == email)).Id.ToString();
    }
}
