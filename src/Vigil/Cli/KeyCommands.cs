using System.CommandLine;
using System.Globalization;
using Vigil.Identity.Tokens;

namespace Vigil.Cli;

internal static class KeyCommands
{
    /// <summary><c>vigil keys verify export.zip [--public-key key.pem]</c>: is this export signed by this server's export key?</summary>
    private static Command Verify()
    {
        var file = new Argument<FileInfo>("zip") { Description = "A downloaded export zip (/retrieve/… or /qr/…)" };
        var publicKey = new Option<FileInfo?>("--public-key") { Description = "The export public key (PEM); default: this server's" };
        var verify = new Command("verify", "Check an export zip's signature as an app does") { file, publicKey };
        Handlers.Set(verify, async (context, ct) =>
        {
            var zip = context.Parse.GetValue(file)!;
            if (!zip.Exists)
            {
                throw new ArgumentException($"{zip.FullName} does not exist");
            }
            string pem;
            if (context.Parse.GetValue(publicKey) is { } pemFile)
            {
                pem = await File.ReadAllTextAsync(pemFile.FullName, ct);
            }
            else
            {
                await using var services = await context.WithoutAutomaticMigration().ServicesAsync(ct);
                pem = services.Get<Vigil.SignedExports.ExportSigner>().PublicKeyPem;
            }
            Vigil.SignedExports.ExportVerifier.Result result;
            try
            {
                await using var stream = zip.OpenRead();
                result = Vigil.SignedExports.ExportVerifier.Verify(stream, pem);
            }
            catch (Exception e) when (e is InvalidDataException or Google.Protobuf.InvalidProtocolBufferException)
            {
                throw new InvalidOperationException($"{zip.Name} is not an export zip: {e.Message}");
            }
            await context.Output.WriteLineAsync(result.Valid
                ? $"{zip.Name}: signature valid ({result.Entries} {result.Kind})"
                : $"{zip.Name}: signature INVALID");
            return result.Valid ? 0 : VigilCli.Failure;
        });
        return verify;
    }

    public static Command Create()
    {
        var rotate = new Command("rotate", "Add a new token signing key; older keys stay published until their tokens expire");
        Handlers.Set(rotate, async (context, ct) =>
        {
            await using var services = await context.WithoutAutomaticMigration().ServicesAsync(ct);
            var key = services.Get<SigningKeyStore>().Rotate();
            await context.Output.WriteLineAsync($"New signing key {key.Kid} is now active.");
            return 0;
        });
        var list = new Command("list", "List the published token signing keys");
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
                ? services.Get<Vigil.SignedExports.ExportSigner>().PublicKeyPem
                : Convert.ToHexStringLower(services.Get<Vigil.SignedExports.RetrievalHmac>().Key));
            return 0;
        });
        return new Command("keys", "Manage token signing keys and show the exposure keys") { rotate, list, show, Verify() };
    }
}
