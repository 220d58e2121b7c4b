using System.CommandLine;
using System.Globalization;
using Vigil.Identity.Tokens;

namespace Vigil.Cli;

internal static class KeyCommands
{
    public static Command Create()
    {
        var rotate = new Command("rotate", "Add a new token signing key; older keys stay published until their tokens expire")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        Handlers.Set(rotate, async (context, ct) =>
        {
            await using var services = await context.WithoutAutomaticMigration().ServicesAsync(ct);
            var key = services.Get<SigningKeyStore>().Rotate();
            await context.Output.WriteLineAsync($"New signing key {key.Kid} is now active.");
            return 0;
        });
        var list = new Command("list", "List the published token signing keys") { TreatUnmatchedTokensAsErrors = false };
        Handlers.Set(list, async (context, ct) =>
        {
            await using var services = await context.WithoutAutomaticMigration().ServicesAsync(ct);
            var store = services.Get<SigningKeyStore>();
            foreach (var key in store.Published)
            {
                var created = key.CreatedAt == DateTimeOffset.MinValue ? "configured" : key.CreatedAt.ToString("u", CultureInfo.InvariantCulture);
                await context.Output.WriteLineAsync($"{key.Kid}\t{created}\t{(key.Kid == store.Active.Kid ? "active" : "published")}");
            }
            return 0;
        });
        return new Command("keys", "Manage token signing keys") { rotate, list };
    }
}
