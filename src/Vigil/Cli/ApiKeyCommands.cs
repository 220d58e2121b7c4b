using System.CommandLine;
using System.Globalization;
using Vigil.Identity.ApiKeys;

namespace Vigil.Cli;

internal static class ApiKeyCommands
{
    public static Command Create()
    {
        var region = new Option<string>("--region") { Description = "The region the key may act for, e.g. 302", Required = true };
        var name = new Option<string>("--name") { Description = "Who the key is for, e.g. \"Ontario portal\"", Required = true };
        var create = new Command("create", "Create an API key and print it (it is shown only this once)") { region, name };
        Handlers.Set(create, async (context, ct) =>
        {
            await using var services = await context.ServicesAsync(ct);
            var created = await services.Get<ApiKeyService>().CreateAsync(context.Parse.GetValue(region)!, context.Parse.GetValue(name)!, ct);
            await context.Output.WriteLineAsync($"Created API key {created.Key.Id} for region {created.Key.Region} ({created.Key.Name}):");
            await context.Output.WriteLineAsync(created.Secret);
            await context.Error.WriteLineAsync("Store this key now; Vigil keeps only its hash and cannot show it again.");
            return 0;
        });

        var list = new Command("list", "List API keys (without their secrets)");
        Handlers.Set(list, async (context, ct) =>
        {
            await using var services = await context.ServicesAsync(ct);
            foreach (var key in await services.Get<ApiKeyService>().ListAsync(ct))
            {
                var state = key.RevokedAt is { } revoked ? "revoked " + revoked.ToString("u", CultureInfo.InvariantCulture) : "active";
                await context.Output.WriteLineAsync($"{key.Id}\t{key.Region}\t{key.Prefix}…\t{state}\t{key.Name}");
            }
            return 0;
        });

        var id = new Argument<Guid>("id") { Description = "The key's id, as printed by create or list" };
        var revoke = new Command("revoke", "Revoke an API key") { id };
        Handlers.Set(revoke, async (context, ct) =>
        {
            await using var services = await context.ServicesAsync(ct);
            var keyId = context.Parse.GetValue(id);
            if (!await services.Get<ApiKeyService>().RevokeAsync(keyId, ct))
            {
                throw new InvalidOperationException($"no API key {keyId}");
            }
            await context.Output.WriteLineAsync($"Revoked API key {keyId}.");
            return 0;
        });
        return new Command("apikey", "Manage health-authority API keys") { create, list, revoke };
    }
}
