using System.Net;
using Vigil.Tests.Support;

namespace Vigil.Tests.Broker;

/// <summary><c>/broker/auth/…</c>: the same rules for an external clustered broker.</summary>
public sealed class BrokerAuthHookTests(VigilApps apps) : IClassFixture<VigilApps>
{
    [Fact]
    public async Task Connect_allows_a_valid_jwt_and_a_handler_key_and_denies_the_rest()
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var http = app.CreateClient();
        var phone = await app.NewPhoneUserAsync();
        var (_, key) = await app.CreateHandlerKeyAsync("cluster");

        var device = await http.PostAsync("/broker/auth/connect", $$"""{"username":"JWT","password":"{{phone.Token}}"}""");
        Assert.Equal(("allow", phone.UserId, false), (device.Get("result"), device.Get("userId"), device.Json.GetProperty("isSuperuser").GetBoolean()));
        var handler = await http.PostAsync("/broker/auth/connect", $$"""{"username":"handler:cluster","password":"{{key}}"}""");
        Assert.Equal(("allow", true), (handler.Get("result"), handler.Json.GetProperty("isSuperuser").GetBoolean()));
        Assert.Equal("deny", (await http.PostAsync("/broker/auth/connect", """{"username":"JWT","password":"nope"}""")).Get("result"));
        Assert.Equal("deny", (await http.PostAsync("/broker/auth/connect", """{"username":"root","password":"x"}""")).Get("result"));
    }

    [Fact]
    public async Task Acl_applies_the_device_topic_rules()
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var http = app.CreateClient();
        var phone = await app.NewPhoneUserAsync();
        async Task<string> Decide(string topic, string action) =>
            (await http.PostAsync("/broker/auth/acl", $$"""{"username":"JWT","password":"{{phone.Token}}","topic":"{{topic}}","action":"{{action}}"}""")).Get("result");

        Assert.Equal("allow", await Decide($"{phone.UserId}_contact_list", "subscribe"));
        Assert.Equal("deny", await Decide("#", "subscribe"));
        Assert.Equal("deny", await Decide($"{phone.UserId}7_x", "subscribe"));
        Assert.Equal("allow", await Decide("request_contact", "publish"));
        Assert.Equal("deny", await Decide($"{phone.UserId}_contact_list", "publish"));
        var bad = await http.PostAsync("/broker/auth/acl", $$"""{"username":"JWT","password":"{{phone.Token}}","topic":"x","action":"delete"}""");
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
    }
}
