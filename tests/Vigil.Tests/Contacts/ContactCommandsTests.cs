using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Contacts;
using Vigil.Infrastructure.Database;
using Vigil.Tests.Support;

namespace Vigil.Tests.Contacts;

/// <summary>The handler's database side: redelivered messages are answered again but never applied twice.</summary>
public sealed class ContactCommandsTests(VigilApps apps) : IClassFixture<VigilApps>
{
    public static TheoryData<string> Providers => TestDatabases.All;

    private static async Task<IReadOnlyList<HandlerOutput>> RunAsync(VigilApp app, string command, string userId, string messageId, string payload)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ContactCommands>().HandleAsync(command, userId, messageId, Encoding.UTF8.GetBytes(payload), CancellationToken.None);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_redelivered_accept_repeats_its_answer_without_duplicating_the_contact(string provider)
    {
        var app = await apps.For(provider);
        using var http = app.CreateClient();
        var alice = (await app.NewPhoneUserAsync()).UserId;
        var bob = (await app.NewPhoneUserAsync()).UserId;
        var requested = await RunAsync(app, "request_contact", alice, "m-request-" + alice, $$"""{"contactUserId":"{{bob}}"}""");
        var again = await RunAsync(app, "request_contact", alice, "m-request-" + alice, $$"""{"contactUserId":"{{bob}}"}""");
        Assert.Equal(requested, again);
        var requestId = System.Text.Json.JsonDocument.Parse(requested.Single().Payload).RootElement.GetProperty("requestId").GetString();

        var accepted = await RunAsync(app, "accept_contact", bob, "m-accept-" + bob, $$"""{"requestId":"{{requestId}}"}""");
        var redelivered = await RunAsync(app, "accept_contact", bob, "m-accept-" + bob, $$"""{"requestId":"{{requestId}}"}""");

        Assert.Equal(accepted, redelivered);
        Assert.Equal($"{alice}_contact_approved", accepted.Single().Topic);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDb>();
        Assert.Equal(2, await db.Set<Contact>().CountAsync(c => c.UserId == alice || c.UserId == bob));
        Assert.Equal(0, await db.Set<ContactRequest>().CountAsync(r => r.FromUserId == alice));
    }

    [Theory]
    [InlineData("accept_contact", """{"requestId":"not-a-uuid"}""", "requestId has the wrong type or format")]
    [InlineData("accept_contact", "{}", "requestId is required")]
    [InlineData("request_contact", """{"contactUserId":"x","extra":1}""", "extra is not a known field")]
    [InlineData("request_contact", "[1,2]", "the payload must be a JSON object")]
    [InlineData("get_contact_list", "{", "the payload is not valid JSON")]
    public async Task A_bad_payload_is_answered_with_a_short_message_naming_the_field_and_no_dotnet_type(string command, string payload, string message)
    {
        var app = await apps.For(TestDatabases.Sqlite);
        var user = (await app.NewPhoneUserAsync()).UserId;

        var answer = (await RunAsync(app, command, user, "m-bad-" + Guid.NewGuid(), payload)).Single();
        using var json = System.Text.Json.JsonDocument.Parse(answer.Payload);

        Assert.Equal($"{user}_error", answer.Topic);
        Assert.Equal(("bad_request", message), (json.RootElement.GetProperty("code").GetString(), json.RootElement.GetProperty("message").GetString()));
        Assert.DoesNotContain("Vigil.", answer.Payload);
    }
}
