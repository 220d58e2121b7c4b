using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Vigil.Mqtt.Protocol;
using Vigil.Tests.Support;

namespace Vigil.Tests.Cli;

public sealed class HandlerCommandsTests
{
    [Theory, MemberData(nameof(Providers))]
    public async Task Handler_key_create_prints_the_key_once_list_hides_it_and_revoke_marks_it(string provider)
    {
        var data = Directory.CreateTempSubdirectory("vigil-cli-").FullName;
        var db = provider == TestDatabases.Postgres ? await PostgresServer.CreateDatabaseAsync() : null;

        var created = await CliRunner.RunAsync(new[] { "handler-key", "create", "--name", "contacts" }.With(data, db));
        Assert.Equal(0, created.ExitCode);
        var key = Regex.Match(created.Output, @"^vgh_\S+$", RegexOptions.Multiline).Value;
        var id = Regex.Match(created.Output, @"[0-9a-f]{8}-[0-9a-f-]{27}").Value;
        Assert.NotEmpty(key);
        Assert.Contains("handler:contacts", created.Output);

        var listed = await CliRunner.RunAsync(new[] { "handler-key", "list" }.With(data, db));
        Assert.Contains(id, listed.Output);
        Assert.DoesNotContain(key, listed.Output);
        Assert.Equal(0, (await CliRunner.RunAsync(new[] { "handler-key", "revoke", id }.With(data, db))).ExitCode);
        Assert.Contains("revoked", (await CliRunner.RunAsync(new[] { "handler-key", "list" }.With(data, db))).Output);
        Assert.Equal(1, (await CliRunner.RunAsync(new[] { "handler-key", "revoke", Guid.NewGuid().ToString() }.With(data, db))).ExitCode);
        Assert.Equal(2, (await CliRunner.RunAsync(new[] { "handler-key", "create", "--name", "has space" }.With(data, db))).ExitCode);
    }

    public static TheoryData<string> Providers => TestDatabases.All;

    [Fact]
    public async Task Handler_contacts_serves_the_commands_from_its_own_process_against_the_broker()
    {
        using var app = await VigilApp.StartWithSocketsAsync(TestDatabases.Sqlite, new Dictionary<string, string?> { ["Vigil:Broker:InProcessContactsHandler"] = "false" });
        var created = await CliRunner.RunAsync(new[] { "handler-key", "create", "--name", "contacts" }.With(app.DataDirectory));
        var key = Regex.Match(created.Output, @"^vgh_\S+$", RegexOptions.Multiline).Value;
        var phone = await app.NewPhoneUserAsync();
        await using var client = await app.ConnectPhoneAsync(phone);
        await client.SubscribeAsync(phone.UserId + "_contact_list", MqttQoS.AtLeastOnce);

        using var stop = new CancellationTokenSource();
        var handler = CliRunner.RunAsync(new[] { "handler", "contacts", "--broker", $"mqtt://127.0.0.1:{app.MqttPort}", "--key", key }.With(app.DataDirectory), cancellationToken: stop.Token);
        // Until the handler has subscribed, a command has no subscriber and is dropped: ask until answered.
        Mqtt.Client.MqttReceivedMessage? list = null;
        for (var attempt = 0; attempt < 30 && list is null; attempt++)
        {
            await client.PublishAsync("get_contact_list", "{}", MqttQoS.AtLeastOnce);
            list = (await client.DrainAsync(500)).FirstOrDefault();
        }
        stop.Cancel();
        Assert.NotNull(list);

        Assert.Empty(JsonDocument.Parse(list.PayloadText).RootElement.GetProperty("contacts").EnumerateArray());
        Assert.Equal(0, (await handler).ExitCode);
    }

    [Fact]
    public async Task Handler_contacts_with_an_unknown_scheme_fails_with_one_line()
    {
        var data = Directory.CreateTempSubdirectory("vigil-cli-").FullName;
        var outcome = await CliRunner.RunAsync(new[] { "handler", "contacts", "--broker", "http://x", "--key", "k" }.With(data));
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("unsupported broker address scheme", outcome.Error);
    }

    [Fact]
    public async Task Handler_contacts_whose_key_is_revoked_while_it_runs_exits_1_saying_why()
    {
        using var app = await VigilApp.StartWithSocketsAsync(TestDatabases.Sqlite, new Dictionary<string, string?> { ["Vigil:Broker:InProcessContactsHandler"] = "false" });
        var (id, key) = await app.CreateHandlerKeyAsync("contacts");
        var handler = CliRunner.RunAsync(new[] { "handler", "contacts", "--broker", $"mqtt://127.0.0.1:{app.MqttPort}", "--key", key }.With(app.DataDirectory));
        await WaitForHandlerAsync(app);

        Assert.Equal(0, (await CliRunner.RunAsync(new[] { "handler-key", "revoke", id.ToString() }.With(app.DataDirectory))).ExitCode);
        var outcome = await handler.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("CONNACK 0x86", outcome.Error);
        Assert.Contains("revoked or is wrong", outcome.Error);
    }

    [Fact]
    public async Task Handler_contacts_told_to_keep_trying_backs_off_instead_of_exiting()
    {
        using var app = await VigilApp.StartWithSocketsAsync(TestDatabases.Sqlite, new Dictionary<string, string?>
        {
            ["Vigil:Broker:InProcessContactsHandler"] = "false",
            // Each refused CONNECT is logged at Information: the count of attempts.
            ["Logging:LogLevel:Vigil.Broker.Security"] = "Information",
        });
        using var stop = new CancellationTokenSource();

        var handler = CliRunner.RunAsync(new[] { "handler", "contacts", "--broker", $"mqtt://127.0.0.1:{app.MqttPort}", "--key", "vgh_wrong", "--keep-trying" }
            .With(app.DataDirectory), cancellationToken: stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(4));
        var stillRunning = !handler.IsCompleted;
        var refused = app.Logs.Lines.Count(line => line.Contains("MQTT CONNECT", StringComparison.Ordinal) && line.Contains("refused", StringComparison.Ordinal));
        stop.Cancel();

        Assert.True(stillRunning);
        // Waits of 1 s and 2 s: three attempts in four seconds, not four or more.
        Assert.InRange(refused, 2, 3);
        Assert.Equal(0, (await handler).ExitCode);
    }

    private static async Task WaitForHandlerAsync(VigilApp app)
    {
        var broker = app.Services.GetRequiredService<Vigil.Mqtt.Broker.MqttBroker>();
        for (var i = 0; i < 100 && !broker.ConnectedPrincipals().Any(p => p.Kind == Vigil.Broker.Security.TopicRules.Handler); i++)
        {
            await Task.Delay(100);
        }
    }
}
