using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Vigil.Exposure.Protocol;
using Vigil.Exposure.Sodium;

namespace Vigil.Bench;

/// <summary>Whole COVID Alert flows against a running server: new code, claim it, upload 14 sealed keys.</summary>
internal static class FlowBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 ? args[i + 1] : fallback;
        var url = Arg("--url", "http://127.0.0.1:5090");
        var apiKey = Arg("--api-key", "");
        var concurrency = int.Parse(Arg("--concurrency", "32"));
        var duration = TimeSpan.FromSeconds(double.Parse(Arg("--seconds", "20")));
        var warmup = TimeSpan.FromSeconds(double.Parse(Arg("--warmup", "30")));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);

        // Warm-up at full load, not counted: the server's tiered JIT (with PGO) needs it to reach steady state.
        await RunForAsync(http, concurrency, warmup);
        var clock = Stopwatch.StartNew();
        var (flows, failures) = await RunForAsync(http, concurrency, duration);
        Console.WriteLine($"{flows / clock.Elapsed.TotalSeconds:F0} flows/s ({flows} flows, {failures} failed, concurrency {concurrency}, {clock.Elapsed.TotalSeconds:F0} s)");
        return failures == 0 ? 0 : 1;
    }

    private static async Task<(long Flows, long Failures)> RunForAsync(HttpClient http, int concurrency, TimeSpan duration)
    {
        long flows = 0, failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                Interlocked.Increment(ref await FlowAsync(http) ? ref flows : ref failures);
            }
        }));
        return (flows, failures);
    }

    private static async Task<bool> FlowAsync(HttpClient http)
    {
        var codeResponse = await http.PostAsync("/new-key-claim", null);
        if (!codeResponse.IsSuccessStatusCode)
        {
            return false;
        }
        var code = (await codeResponse.Content.ReadAsStringAsync()).Trim();
        var (appPublic, appSecret) = NaclBox.CreateKeyPair();
        var claim = KeyClaimResponse.Parser.ParseFrom(await PostAsync(http, "/claim-key",
            new KeyClaimRequest { OneTimeCode = code, AppPublicKey = ByteString.CopyFrom(appPublic) }));
        if (claim.Error != KeyClaimResponse.Types.ErrorCode.None)
        {
            return false;
        }
        var upload = new Upload { Timestamp = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) };
        var today = (int)(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 86400) * 144;
        for (var i = 0; i < 14; i++)
        {
            upload.Keys.Add(new TemporaryExposureKey
            {
                KeyData = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(16)),
                RollingStartIntervalNumber = today - 144 * i,
                RollingPeriod = 144,
                TransmissionRiskLevel = 4,
            });
        }
        var nonce = RandomNumberGenerator.GetBytes(24);
        var serverKey = claim.ServerPublicKey.ToByteArray();
        var result = EncryptedUploadResponse.Parser.ParseFrom(await PostAsync(http, "/upload", new EncryptedUploadRequest
        {
            ServerPublicKey = claim.ServerPublicKey,
            AppPublicKey = ByteString.CopyFrom(appPublic),
            Nonce = ByteString.CopyFrom(nonce),
            Payload = ByteString.CopyFrom(NaclBox.Seal(upload.ToByteArray(), nonce, serverKey, appSecret)),
        }));
        return result.Error == EncryptedUploadResponse.Types.ErrorCode.None;
    }

    private static async Task<byte[]> PostAsync(HttpClient http, string path, IMessage message)
    {
        var content = new ByteArrayContent(message.ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var response = await http.PostAsync(path, content);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
