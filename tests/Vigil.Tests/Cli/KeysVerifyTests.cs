using Vigil.Tests.Support;

namespace Vigil.Tests.Cli;

/// <summary><c>vigil keys verify</c>: the README's way to check a downloaded export, for keys and outbreak events alike.</summary>
public sealed class KeysVerifyTests
{
    [Fact]
    public async Task A_downloaded_key_export_and_outbreak_export_verify_and_a_tampered_one_does_not()
    {
        using var app = await VigilApp.StartAsync(TestDatabases.Sqlite);
        using var http = app.CreateClient();
        var client = new ExposureClient(app, http);
        var apiKey = await ExposureClient.CreateApiKeyAsync(app);
        await client.UploadAsync(await client.ClaimNewKeysAsync(apiKey), client.NewUpload(3));
        var keys = Path.Combine(app.DataDirectory, "export.zip");
        await File.WriteAllBytesAsync(keys, await (await client.RetrieveAsync(client.Today)).Content.ReadAsByteArrayAsync());
        var outbreaks = new OutbreakClient(app, http);
        await outbreaks.SubmitAsync(apiKey, outbreaks.Event("VERIFY01", TimeSpan.FromHours(3), TimeSpan.FromHours(1)));
        var events = Path.Combine(app.DataDirectory, "qr.zip");
        await File.WriteAllBytesAsync(events, await http.GetByteArrayAsync(outbreaks.Path(client.Today)));
        var tampered = Path.Combine(app.DataDirectory, "tampered.zip");
        await File.WriteAllBytesAsync(tampered, Tamper(await File.ReadAllBytesAsync(keys)));

        var keysOutcome = await CliRunner.RunAsync(new[] { "keys", "verify", keys }.With(app.DataDirectory));
        var eventsOutcome = await CliRunner.RunAsync(new[] { "keys", "verify", events }.With(app.DataDirectory));
        var tamperedOutcome = await CliRunner.RunAsync(new[] { "keys", "verify", tampered }.With(app.DataDirectory));
        var notZip = await CliRunner.RunAsync(new[] { "keys", "verify", Path.Combine(app.DataDirectory, "vigil.db") }.With(app.DataDirectory));

        Assert.Equal((0, "export.zip: signature valid (3 keys)"), (keysOutcome.ExitCode, keysOutcome.Output.Trim()));
        Assert.Equal((0, "qr.zip: signature valid (1 outbreak events)"), (eventsOutcome.ExitCode, eventsOutcome.Output.Trim()));
        Assert.Equal((1, "tampered.zip: signature INVALID"), (tamperedOutcome.ExitCode, tamperedOutcome.Output.Trim()));
        Assert.Equal(1, notZip.ExitCode);
        Assert.Contains("is not an export zip", notZip.Error);
    }

    /// <summary>The same zip with one byte of export.bin's key data changed.</summary>
    private static byte[] Tamper(byte[] zipBytes)
    {
        using var input = new System.IO.Compression.ZipArchive(new MemoryStream(zipBytes));
        var bin = ReadEntry(input, "export.bin");
        var sig = ReadEntry(input, "export.sig");
        bin[^1] ^= 0x01;
        using var output = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(output, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in new[] { ("export.bin", bin), ("export.sig", sig) })
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(bytes);
            }
        }
        return output.ToArray();
    }

    private static byte[] ReadEntry(System.IO.Compression.ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
