using System.Net;
using Vigil.Tests.Support;

namespace Vigil.Tests.Regions;

public sealed class RegionsFlowTests
{
    public static TheoryData<string> Providers => TestDatabases.All;

    [Theory, MemberData(nameof(Providers))]
    public async Task A_super_admin_builds_the_hierarchy_and_tokyo_edits_only_tokyo_which_its_app_users_read(string provider)
    {
        await using var app = await VigilApp.StartAsync(provider);
        using var http = app.CreateClient();
        var super = await app.StaffTokenAsync(http, "super_admin");
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/admins/prefectures", "", super)).Status);

        var national = await CreateAdminAsync(http, super, """{"email":"national@example.org","adminRole":"NATIONAL_ADMIN_ROLE"}""", "national@example.org");
        var tokyo = await CreateAdminAsync(http, national, """{"email":"tokyo@example.org","adminRole":"PREFECTURE_ADMIN_ROLE","prefectureId":13}""", "tokyo@example.org");
        await CreateAdminAsync(http, super, """{"email":"osaka@example.org","adminRole":"PREFECTURE_ADMIN_ROLE","prefectureId":27}""", "osaka@example.org");

        Assert.Equal(HttpStatusCode.OK, (await Patch(http, "/admins/prefectures/13", """{"message":"Stay home, Tokyo"}""", tokyo)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Patch(http, "/admins/prefectures/27", """{"message":"nope"}""", tokyo)).StatusCode);
        var visible = (await http.GetAsync("/admins/prefectures", tokyo)).Json.EnumerateArray().Select(p => p.GetProperty("prefectureId").GetInt32());
        Assert.Equal([13], visible);
        var admins = (await http.GetAsync("/admins/users", tokyo)).Json.EnumerateArray().Select(a => a.GetProperty("email").GetString());
        Assert.Equal(["tokyo@example.org"], admins);

        var user = (await http.PostAsync("/auth/login", """{"prefecture": 13}""")).Get("token");
        Assert.Equal(13, (await http.GetAsync("/users/me/profile", user)).Json.GetProperty("prefecture").GetInt32());
        var message = await http.GetAsync("/prefectures/13/message", user);
        Assert.Equal("Stay home, Tokyo", message.Get("message"));

        var audit = (await http.GetAsync("/admins/audit", super)).Json.EnumerateArray().Select(a => a.GetProperty("action").GetString()).ToList();
        Assert.Contains("prefecture.message", audit);
        Assert.Equal(3, audit.Count(a => a == "admin.created"));
    }

    [Fact]
    public async Task A_set_password_token_works_once_and_only_for_24_hours()
    {
        await using var app = await VigilApp.StartAsync(TestDatabases.Sqlite);
        using var http = app.CreateClient();
        var super = await app.StaffTokenAsync(http, "super_admin");
        var first = await http.PostAsync("/admins/users", """{"email":"a@example.org","adminRole":"NATIONAL_ADMIN_ROLE"}""", super);
        var second = await http.PostAsync("/admins/users", """{"email":"b@example.org","adminRole":"NATIONAL_ADMIN_ROLE"}""", super);

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("/staff/login", """{"email":"a@example.org","password":"anything long"}""")).Status);
        var set = $$"""{"token":"{{first.Get("setPasswordToken")}}","password":"a good long password"}""";
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/staff/set-password", set)).Status);
        (await http.PostAsync("/staff/set-password", set)).AssertError(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/staff/login", """{"email":"a@example.org","password":"a good long password"}""")).Status);

        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsync("/admins/users", """{"email":"A@example.org","adminRole":"NATIONAL_ADMIN_ROLE"}""", super)).Status);

        app.Clock.Advance(TimeSpan.FromHours(24));
        (await http.PostAsync("/staff/set-password", $$"""{"token":"{{second.Get("setPasswordToken")}}","password":"a good long password"}""")).AssertError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_400_and_changes_nothing()
    {
        await using var app = await VigilApp.StartAsync(TestDatabases.Sqlite);
        using var http = app.CreateClient();
        var super = await app.StaffTokenAsync(http, "super_admin");
        await http.PostAsync("/admins/prefectures", "", super);
        var user = (await http.PostAsync("/auth/login", """{"prefecture": 13}""")).Get("token");

        (await Send(http, "PATCH", "/users/me/profile", """{"prefecture":48}""", user)).AssertError(HttpStatusCode.BadRequest);
        (await Send(http, "PATCH", "/users/me/profile", """{"prefecture":1,"name":"x"}""", user)).AssertError(HttpStatusCode.BadRequest);
        (await Send(http, "PATCH", "/admins/prefectures/13", $$"""{"message":"{{new string('x', 2001)}}"}""", super)).AssertError(HttpStatusCode.BadRequest);
        (await Send(http, "PATCH", "/admins/prefectures/13", """{"message":"x","color":"red"}""", super)).AssertError(HttpStatusCode.BadRequest);
        (await http.PostAsync("/admins/users", """{"email":"c@example.org","adminRole":"PREFECTURE_ADMIN_ROLE","prefectureId":48}""", super)).AssertError(HttpStatusCode.BadRequest);
        (await http.PostAsync("/admins/users", """{"email":"c@example.org","adminRole":"KING"}""", super)).AssertError(HttpStatusCode.BadRequest);
        (await http.GetAsync("/admins/users?limit=0", super)).AssertError(HttpStatusCode.BadRequest);

        Assert.Equal(13, (await http.GetAsync("/users/me/profile", user)).Json.GetProperty("prefecture").GetInt32());
        Assert.Equal("Prefecture message 13", (await http.GetAsync("/admins/prefectures/13", super)).Get("message"));
    }

    [Fact]
    public async Task The_message_answers_304_to_its_etag_until_it_changes()
    {
        await using var app = await VigilApp.StartAsync(TestDatabases.Sqlite);
        using var http = app.CreateClient();
        var super = await app.StaffTokenAsync(http, "super_admin");
        await http.PostAsync("/admins/prefectures", "", super);
        var user = (await http.PostAsync("/auth/login", """{"prefecture": 13}""")).Get("token");
        var etag = (await http.GetAsync("/prefectures/13/message", user)).Response.Headers.ETag!.Tag;

        Assert.Equal(HttpStatusCode.NotModified, (await Conditional(http, user, etag)).StatusCode);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await Send(http, "PATCH", "/admins/prefectures/13", """{"message":"new"}""", super);
        Assert.Equal(HttpStatusCode.OK, (await Conditional(http, user, etag)).StatusCode);
    }

    [Fact]
    public async Task Admin_lists_page_in_email_order()
    {
        await using var app = await VigilApp.StartAsync(TestDatabases.Sqlite);
        using var http = app.CreateClient();
        var super = await app.StaffTokenAsync(http, "super_admin");
        foreach (var name in new[] { "d", "b", "c", "a" })
        {
            await http.PostAsync("/admins/users", $$"""{"email":"{{name}}@example.org","adminRole":"NATIONAL_ADMIN_ROLE"}""", super);
        }

        var page = (await http.GetAsync("/admins/users?limit=2&offset=1", super)).Json.EnumerateArray().Select(a => a.GetProperty("email").GetString());

        Assert.Equal(["b@example.org", "c@example.org"], page);
    }

    [Fact]
    public async Task Another_country_configures_its_own_regions_for_login_profiles_and_prefectures()
    {
        await using var app = await VigilApp.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?>
        {
            ["Vigil:Regions:Prefectures:0:Id"] = "0",
            ["Vigil:Regions:Prefectures:0:Name"] = "Unspecified",
            ["Vigil:Regions:Prefectures:1:Id"] = "1",
            ["Vigil:Regions:Prefectures:1:Name"] = "Ontario",
            ["Vigil:Regions:Prefectures:2:Id"] = "2",
            ["Vigil:Regions:Prefectures:2:Name"] = "Quebec",
        });
        using var http = app.CreateClient();
        var super = await app.StaffTokenAsync(http, "super_admin");

        (await http.PostAsync("/auth/login", """{"prefecture": 3}""")).AssertError(HttpStatusCode.BadRequest);
        var user = (await http.PostAsync("/auth/login", """{"prefecture": 2}""")).Get("token");
        (await Send(http, "PATCH", "/users/me/profile", """{"prefecture":3}""", user)).AssertError(HttpStatusCode.BadRequest);
        await http.PostAsync("/admins/prefectures", "", super);

        Assert.Equal(3, (await http.GetAsync("/admins/prefectures", super)).Json.GetArrayLength());
    }

    private static async Task<string> CreateAdminAsync(HttpClient http, string creator, string body, string email)
    {
        var created = await http.PostAsync("/admins/users", body, creator);
        Assert.Equal(HttpStatusCode.OK, created.Status);
        var set = $$"""{"token":"{{created.Get("setPasswordToken")}}","password":"a good long password"}""";
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/staff/set-password", set)).Status);
        return (await http.PostAsync("/staff/login", $$"""{"email":"{{email}}","password":"a good long password"}""")).Get("token");
    }

    private static Task<HttpResponseMessage> Patch(HttpClient http, string path, string body, string token) =>
        http.SendAsync(new HttpRequestMessage(HttpMethod.Patch, path) { Content = new StringContent(body), Headers = { { "Authorization", "Bearer " + token } } });

    private static Task<HttpJson.Reply> Send(HttpClient http, string method, string path, string body, string token) =>
        HttpJson.SendAsync(http, new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body), Headers = { { "Authorization", "Bearer " + token } } });

    private static Task<HttpResponseMessage> Conditional(HttpClient http, string token, string etag) =>
        http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/prefectures/13/message") { Headers = { { "Authorization", "Bearer " + token }, { "If-None-Match", etag } } });
}
