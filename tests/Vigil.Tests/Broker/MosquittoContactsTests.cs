using Vigil.Mqtt.Tests.Support;
using Vigil.Tests.Support;

namespace Vigil.Tests.Broker;

/// <summary>The issue's "done" check: stock mosquitto clients, authenticated by JWT, see the contacts flow.</summary>
public sealed class MosquittoContactsTests(VigilApps apps) : IClassFixture<VigilApps>
{
    [Theory]
    [InlineData(Mosquitto.V5)]
    [InlineData(Mosquitto.V311)]
    public async Task Mosquitto_sub_with_a_jwt_receives_the_request_another_phone_published_with_mosquitto_pub(string version)
    {
        var app = await apps.WithSocketsAsync(TestDatabases.Sqlite);
        var target = await app.NewPhoneUserAsync();
        var requester = await app.NewPhoneUserAsync();
        using var subscriber = await Mosquitto.SubscribeAsync(app.MqttPort, version, $"{target.UserId}_contact_requested", count: 1, qos: 1,
            "-u", "JWT", "-P", target.Token);

        var (exit, error) = await Mosquitto.PublishAsync(app.MqttPort, version, "request_contact", $$"""{"contactUserId":"{{target.UserId}}"}""", 1, false,
            "-u", "JWT", "-P", requester.Token);

        Assert.True(exit == 0, error);
        var request = Assert.Single(await subscriber.MessagesAsync());
        Assert.Contains($"\"fromUserId\":\"{requester.UserId}\"", request.Payload);
    }

    [Fact]
    public async Task Mosquitto_sub_cannot_read_another_users_topics_or_everything()
    {
        var app = await apps.WithSocketsAsync(TestDatabases.Sqlite);
        var phone = await app.NewPhoneUserAsync();
        var other = await app.NewPhoneUserAsync();
        foreach (var filter in new[] { "#", $"{other.UserId}_contact_requested" })
        {
            using var subscriber = await Mosquitto.SubscribeAsync(app.MqttPort, Mosquitto.V5, filter, count: 1, qos: 1, "-u", "JWT", "-P", phone.Token);
            await Task.Delay(200);
            Assert.Contains("Subscribed (mid: 1): 135", subscriber.Output);
        }
    }

    [Fact]
    public async Task Mosquitto_pub_with_a_wrong_token_is_refused()
    {
        var app = await apps.WithSocketsAsync(TestDatabases.Sqlite);
        var (exit, error) = await Mosquitto.PublishAsync(app.MqttPort, Mosquitto.V5, "request_contact", "{}", 1, false, "-u", "JWT", "-P", "forged");
        Assert.NotEqual(0, exit);
        Assert.Contains("Bad User Name or Password", error);
    }
}
