using System.Text.Json;
using Vigil.Mqtt.Client;
using Vigil.Mqtt.Protocol;
using Vigil.Tests.Support;

namespace Vigil.Tests.Contacts;

/// <summary>The spec's two contacts scenarios, phone to phone through the broker and the in-process handler.</summary>
public sealed class ContactsTests(VigilApps apps) : IClassFixture<VigilApps>
{
    private sealed class Phone(MqttFlow.Phone identity, MqttClient client) : IAsyncDisposable
    {
        public string Id => identity.UserId;
        public MqttClient Client => client;

        public async Task<JsonElement> ExpectAsync(string suffix)
        {
            var message = await client.ReceiveAsync(10_000);
            Assert.Equal($"{Id}_{suffix}", message.Topic);
            return JsonDocument.Parse(message.PayloadText).RootElement;
        }

        public Task SendAsync(string command, string json) => client.PublishAsync(command, json, MqttQoS.AtLeastOnce);

        public ValueTask DisposeAsync() => client.DisposeAsync();
    }

    private static async Task<Phone> PhoneAsync(VigilApp app)
    {
        var identity = await app.NewPhoneUserAsync();
        var client = await app.ConnectPhoneAsync(identity);
        await client.SubscribeAsync([new TopicSubscription(identity.UserId + "_contact_requested", MqttQoS.AtLeastOnce),
            new TopicSubscription(identity.UserId + "_contact_approved", MqttQoS.AtLeastOnce),
            new TopicSubscription(identity.UserId + "_contact_list", MqttQoS.AtLeastOnce),
            new TopicSubscription(identity.UserId + "_error", MqttQoS.AtLeastOnce)]);
        return new Phone(identity, client);
    }

    public static TheoryData<string> Providers => TestDatabases.All;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_request_is_delivered_to_its_target_and_accepting_it_makes_both_contacts(string provider)
    {
        var app = await apps.WithSocketsAsync(provider);
        await using var alice = await PhoneAsync(app);
        await using var bob = await PhoneAsync(app);

        await alice.SendAsync("request_contact", $$"""{"contactUserId":"{{bob.Id}}"}""");
        var request = await bob.ExpectAsync("contact_requested");
        Assert.Equal(alice.Id, request.GetProperty("fromUserId").GetString());
        var requestId = request.GetProperty("requestId").GetString();

        await bob.SendAsync("accept_contact", $$"""{"requestId":"{{requestId}}"}""");
        var approved = await alice.ExpectAsync("contact_approved");
        Assert.Equal(requestId, approved.GetProperty("requestId").GetString());
        Assert.Equal(bob.Id, approved.GetProperty("contactUserId").GetString());

        await alice.SendAsync("get_contact_list", "{}");
        Assert.Equal([bob.Id], (await alice.ExpectAsync("contact_list")).GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("userId").GetString()));
        await bob.SendAsync("get_contact_list", "{}");
        Assert.Equal([alice.Id], (await bob.ExpectAsync("contact_list")).GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("userId").GetString()));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Bad_commands_answer_on_the_error_topic_and_change_nothing(string provider)
    {
        var app = await apps.WithSocketsAsync(provider);
        await using var alice = await PhoneAsync(app);
        await using var bob = await PhoneAsync(app);
        await using var eve = await PhoneAsync(app);

        async Task ExpectError(Phone phone, string command, string json, string code)
        {
            await phone.SendAsync(command, json);
            var error = await phone.ExpectAsync("error");
            Assert.Equal((command, code), (error.GetProperty("command").GetString(), error.GetProperty("code").GetString()));
        }

        await ExpectError(alice, "request_contact", "not json", "bad_request");
        await ExpectError(alice, "request_contact", """{"contactUserId": 5}""", "bad_request");
        await ExpectError(alice, "request_contact", """{"other":"x"}""", "bad_request");
        await ExpectError(alice, "request_contact", $$"""{"contactUserId":"{{alice.Id}}"}""", "self_request");
        await ExpectError(alice, "request_contact", $$"""{"contactUserId":"{{Guid.NewGuid()}}"}""", "unknown_user");
        await alice.SendAsync("request_contact", $$"""{"contactUserId":"{{bob.Id}}"}""");
        var requestId = (await bob.ExpectAsync("contact_requested")).GetProperty("requestId").GetString();
        await ExpectError(alice, "request_contact", $$"""{"contactUserId":"{{bob.Id}}"}""", "duplicate_request");
        await ExpectError(eve, "accept_contact", $$"""{"requestId":"{{requestId}}"}""", "unknown_request");
        await ExpectError(bob, "accept_contact", """{"requestId":"not-a-guid"}""", "bad_request");

        await eve.SendAsync("get_contact_list", "{}");
        Assert.Empty((await eve.ExpectAsync("contact_list")).GetProperty("contacts").EnumerateArray());
        await bob.SendAsync("accept_contact", $$"""{"requestId":"{{requestId}}"}""");
        await alice.ExpectAsync("contact_approved");
        await ExpectError(bob, "accept_contact", $$"""{"requestId":"{{requestId}}"}""", "unknown_request");
        await ExpectError(alice, "request_contact", $$"""{"contactUserId":"{{bob.Id}}"}""", "already_contacts");
    }
}
