using System.CommandLine;
using System.Globalization;
using Vigil.Contacts;
using Vigil.Identity.HandlerKeys;
using Vigil.Mqtt.Client;

namespace Vigil.Cli;

/// <summary><c>vigil handler-key create|list|revoke</c> and <c>vigil handler contacts</c>.</summary>
internal static class HandlerCommands
{
    public static Command Keys()
    {
        var name = new Option<string>("--name") { Description = "The handler the key is for, e.g. contacts", Required = true };
        var create = new Command("create", "Create a handler key and print it (it is shown only this once)") { name };
        Handlers.Set(create, async (context, ct) =>
        {
            await using var services = await context.ServicesAsync(ct);
            var created = await services.Get<HandlerKeyService>().CreateAsync(context.Parse.GetValue(name)!, ct);
            await context.Output.WriteLineAsync($"Created handler key {created.Key.Id} for {created.Key.Name}; connect with user name handler:{created.Key.Name} and this password:");
            await context.Output.WriteLineAsync(created.Secret);
            await context.Error.WriteLineAsync("Store this key now; Vigil keeps only its hash and cannot show it again.");
            return 0;
        });

        var list = new Command("list", "List handler keys (without their secrets)");
        Handlers.Set(list, async (context, ct) =>
        {
            await using var services = await context.ServicesAsync(ct);
            foreach (var key in await services.Get<HandlerKeyService>().ListAsync(ct))
            {
                var state = key.RevokedAt is { } revoked ? "revoked " + revoked.ToString("u", CultureInfo.InvariantCulture) : "active";
                await context.Output.WriteLineAsync($"{key.Id}\t{key.Prefix}…\t{state}\t{key.Name}");
            }
            return 0;
        });

        var id = new Argument<Guid>("id") { Description = "The key's id, as printed by create or list" };
        var revoke = new Command("revoke", "Revoke a handler key (new connections with it are refused)") { id };
        Handlers.Set(revoke, async (context, ct) =>
        {
            await using var services = await context.ServicesAsync(ct);
            var keyId = context.Parse.GetValue(id);
            if (!await services.Get<HandlerKeyService>().RevokeAsync(keyId, ct))
            {
                throw new InvalidOperationException($"no handler key {keyId}");
            }
            await context.Output.WriteLineAsync($"Revoked handler key {keyId}.");
            return 0;
        });
        return new Command("handler-key", "Manage the keys back-end handlers connect to the broker with") { create, list, revoke };
    }

    public static Command Run()
    {
        var broker = new Option<string>("--broker") { Description = "The broker: mqtt://host:1883, mqtts://host:8883 or ws(s)://host/mqtt", Required = true };
        var key = new Option<string>("--key") { Description = "A handler key (vigil handler-key create)", Required = true };
        var name = new Option<string>("--name") { Description = "The handler name the key was created for", DefaultValueFactory = _ => "contacts" };
        var keepTrying = new Option<bool>("--keep-trying")
        {
            Description = "When the broker refuses the key (revoked or wrong), keep retrying (backing off up to a minute) instead of exiting with 1",
        };
        var contacts = new Command("contacts", "Run the contacts handlers against a broker until stopped (Ctrl+C)") { broker, key, name, keepTrying };
        Handlers.Set(contacts, async (context, ct) =>
        {
            var address = context.Parse.GetValue(broker)!;
            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri))
            {
                throw new ArgumentException($"--broker '{address}' is not an address like mqtt://host:1883");
            }
            var options = MqttClientOptions.FromUri(uri);
            options.Username = "handler:" + context.Parse.GetValue(name);
            options.Password = context.Parse.GetValue(key);
            // Unique per run: in a cluster a client id connected twice takes the first connection over.
            options.ClientId = $"contacts-{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..12]}";
            await using var services = await context.ServicesAsync(ct);
            await context.Error.WriteLineAsync($"Contacts handler connecting to {uri} as {options.Username}");
            await services.Get<ContactsHandler>().RunAsync(options, ct, keepTryingWhenRefused: context.Parse.GetValue(keepTrying));
            return 0;
        });
        return new Command("handler", "Run back-end handlers as a separate process") { contacts };
    }
}
