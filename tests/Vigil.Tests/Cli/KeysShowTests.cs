using System.Diagnostics;
using System.IO.Compression;
using Vigil.Tests.Support;

namespace Vigil.Tests.Cli;

/// <summary>What an app builder does: take the keys from the CLI and check the server's exports with them.</summary>
public sealed class KeysShowTests
{
    [Fact]
    public async Task The_cli_prints_the_export_key_the_server_signs_with_and_openssl_verifies_a_downloaded_export()
    {
        var data = Directory.CreateTempSubdirectory("vigil-keys-").FullName;
        await using var app = await VigilApp.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?> { ["Vigil:DataDirectory"] = data });
        using var http = app.CreateClient();
        var client = new ExposureClient(app, http);
        await client.UploadAsync(await client.ClaimNewKeysAsync(await ExposureClient.CreateApiKeyAsync(app)), client.NewUpload(14));
        var zipBytes = await (await client.RetrieveAsync(client.Today)).Content.ReadAsByteArrayAsync();

        var pem = await CliRunner.RunAsync(new[] { "keys", "show", "--export-public-key" }.With(data));

        Assert.Equal(0, pem.ExitCode);
        Assert.Equal((await http.GetStringAsync("/exposure/export-public-key.pem")).Trim(), pem.Output.Trim());
        using var zip = new ZipArchive(new MemoryStream(zipBytes));
        var bin = Path.Combine(data, "export.bin");
        zip.GetEntry("export.bin")!.ExtractToFile(bin);
        await using (var sig = zip.GetEntry("export.sig")!.Open())
        {
            var signatures = Vigil.Exposure.Protocol.TEKSignatureList.Parser.ParseFrom(sig);
            await File.WriteAllBytesAsync(Path.Combine(data, "sig.der"), signatures.Signatures[0].Signature.ToByteArray());
        }
        await File.WriteAllTextAsync(Path.Combine(data, "public.pem"), pem.Output);
        Assert.Equal("Verified OK", await OpenSslAsync($"dgst -sha256 -verify {data}/public.pem -signature {data}/sig.der {bin}"));
    }

    [Fact]
    public async Task The_cli_prints_the_retrieval_hmac_key_the_server_checks()
    {
        var data = Directory.CreateTempSubdirectory("vigil-keys-").FullName;
        await using var app = await VigilApp.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?> { ["Vigil:DataDirectory"] = data });
        using var http = app.CreateClient();
        var today = (app.Clock.GetUtcNow().ToUnixTimeSeconds() / 86400).ToString("D5");
        var hour = app.Clock.GetUtcNow().ToUnixTimeSeconds() / 3600;

        var hex = (await CliRunner.RunAsync(new[] { "keys", "show", "--retrieval-hmac-key" }.With(data))).Output.Trim();
        var hmac = Vigil.SignedExports.RetrievalHmac.Compute(Convert.FromHexString(hex), "302", today, hour);

        Assert.Equal(64, hex.Length);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync($"/retrieve/302/{today}/{hmac}")).StatusCode);
    }

    [Fact]
    public async Task Keys_show_needs_exactly_one_choice()
    {
        Assert.Equal(2, (await CliRunner.RunAsync(["keys", "show"])).ExitCode);
        Assert.Equal(2, (await CliRunner.RunAsync(["keys", "show", "--export-public-key", "--retrieval-hmac-key"])).ExitCode);
    }

    private static async Task<string> OpenSslAsync(string arguments)
    {
        var start = new ProcessStartInfo("openssl", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Trim();
    }
}
