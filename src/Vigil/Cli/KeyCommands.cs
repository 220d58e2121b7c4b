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
        var exportPublicKey = new Option<bool>("--export-public-key") { Description = "Print the export signing public key (PEM, SubjectPublicKeyInfo)" };
        var retrievalHmacKey = new Option<bool>("--retrieval-hmac-key") { Description = "Print the retrieval HMAC secret in hex" };
        var show = new Command("show", "Print a key app builders need") { exportPublicKey, retrievalHmacKey };
        show.TreatUnmatchedTokensAsErrors = false;
        show.Validators.Add(result =>
        {
            if (result.GetValue(exportPublicKey) == result.GetValue(retrievalHmacKey))
            {
                result.AddError("choose exactly one of --export-public-key and --retrieval-hmac-key");
            }
        });
        Handlers.Set(show, async (context, ct) =>
        {
            await using var services = await context.WithoutAutomaticMigration().ServicesAsync(ct);
            await context.Output.WriteLineAsync(context.Parse.GetValue(exportPublicKey)
                ? services.Get<Vigil.Exposure.Retrieval.ExportSigner>().PublicKeyPem
                : Convert.ToHexStringLower(services.Get<Vigil.Exposure.Retrieval.RetrievalHmac>().Key));
            return 0;
        });
        return new Command("keys", "Manage token signing keys and show the exposure keys") { rotate, list, show };
    }
}
