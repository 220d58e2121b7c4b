using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Exposure.Protocol;
using Vigil.Exposure.Sodium;
using Vigil.Identity.ApiKeys;
using Vigil.Infrastructure.Http;
using Vigil.SignedExports;

namespace Vigil.Tests.Support;

/// <summary>
/// A COVID Alert client written against the wire contract: a portal asking for codes, and an app
/// claiming them, sealing keys with libsodium and downloading exports.
/// </summary>
public sealed class ExposureClient(VigilApp app, HttpClient http)
{
    public const string Region = "302";

    public sealed record AppKeys(byte[] PublicKey, byte[] SecretKey, byte[] ServerPublicKey);

    /// <summary>How many diagnosis keys the app's database holds.</summary>
    public static async Task<int> StoredKeysAsync(VigilApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Vigil.Infrastructure.Database.VigilDb>()
            .Set<Vigil.Exposure.Upload.DiagnosisKey>().CountAsync();
    }

    public static async Task<string> CreateApiKeyAsync(VigilApp app, string region = Region)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(region, "test portal", default)).Secret;
    }

    public async Task<(HttpStatusCode Status, string Body)> NewKeyClaimAsync(string? apiKey, string? hashId = null, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, hashId is null ? "/new-key-claim" : $"/new-key-claim/{hashId}");
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
        var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<string> NewCodeAsync(string apiKey, string? hashId = null)
    {
        var (status, body) = await NewKeyClaimAsync(apiKey, hashId);
        Assert.Equal(HttpStatusCode.OK, status);
        return body.TrimEnd('\n');
    }

    public Task<(HttpStatusCode Status, KeyClaimResponse Response)> ClaimAsync(string code, byte[] appPublicKey, string? peer = null, string? forwardedFor = null) =>
        ClaimRawAsync(new KeyClaimRequest { OneTimeCode = code, AppPublicKey = ByteString.CopyFrom(appPublicKey) }.ToByteArray(), peer, forwardedFor);

    public async Task<(HttpStatusCode Status, KeyClaimResponse Response)> ClaimRawAsync(byte[] body, string? peer = null, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/claim-key") { Content = Protobuf(body) };
        if (peer is not null)
        {
            request.Headers.Add(VigilApp.TestPeerHeader, peer);
        }
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        var response = await http.SendAsync(request);
        Assert.Equal(ProtobufResult.ContentType, response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, KeyClaimResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync()));
    }

    /// <summary>Gets a code and claims it with a fresh app keypair.</summary>
    public async Task<AppKeys> ClaimNewKeysAsync(string apiKey)
    {
        var (publicKey, secretKey) = NaclBox.CreateKeyPair();
        var (status, response) = await ClaimAsync(await NewCodeAsync(apiKey), publicKey);
        Assert.Equal(HttpStatusCode.OK, status);
        return new AppKeys(publicKey, secretKey, response.ServerPublicKey.ToByteArray());
    }

    public Upload NewUpload(int keys, DateTimeOffset? timestamp = null)
    {
        var now = app.Clock.GetUtcNow();
        var upload = new Upload { Timestamp = Timestamp.FromDateTimeOffset(timestamp ?? now) };
        var today = (int)(now.ToUnixTimeSeconds() / 600) / 144 * 144;
        for (var i = 0; i < keys; i++)
        {
            upload.Keys.Add(NewKey(today - 144 * (i % 14)));
        }
        return upload;
    }

    public static TemporaryExposureKey NewKey(int rollingStartIntervalNumber) => new()
    {
        KeyData = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(16)),
        RollingStartIntervalNumber = rollingStartIntervalNumber,
        RollingPeriod = 144,
        TransmissionRiskLevel = 4,
    };

    public Task<(HttpStatusCode Status, EncryptedUploadResponse Response)> UploadAsync(AppKeys keys, Upload upload) =>
        UploadAsync(keys, upload.ToByteArray());

    public Task<(HttpStatusCode Status, EncryptedUploadResponse Response)> UploadAsync(AppKeys keys, byte[] plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(NaclBox.NonceBytes);
        return UploadRawAsync(new EncryptedUploadRequest
        {
            ServerPublicKey = ByteString.CopyFrom(keys.ServerPublicKey),
            AppPublicKey = ByteString.CopyFrom(keys.PublicKey),
            Nonce = ByteString.CopyFrom(nonce),
            Payload = ByteString.CopyFrom(NaclBox.Seal(plaintext, nonce, keys.ServerPublicKey, keys.SecretKey)),
        }.ToByteArray());
    }

    public async Task<(HttpStatusCode Status, EncryptedUploadResponse Response)> UploadRawAsync(byte[] body)
    {
        var response = await http.PostAsync("/upload", Protobuf(body));
        return (response.StatusCode, EncryptedUploadResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync()));
    }

    public int Today => (int)(app.Clock.GetUtcNow().ToUnixTimeSeconds() / 86400);

    public string RetrievePath(string day, int hourOffset = 0, string region = Region)
    {
        var key = app.Services.GetRequiredService<RetrievalHmac>().Key;
        var hour = app.Clock.GetUtcNow().ToUnixTimeSeconds() / 3600 + hourOffset;
        return $"/retrieve/{region}/{day}/{RetrievalHmac.Compute(key, region, day, hour)}";
    }

    public Task<HttpResponseMessage> RetrieveAsync(int day, int hourOffset = 0) =>
        http.GetAsync(RetrievePath(day == 0 ? "00000" : day.ToString("D5"), hourOffset));

    /// <summary>Downloads a day's zip and returns its two entries, asserting their names and order.</summary>
    public async Task<(byte[] ExportBin, TEKSignatureList Signatures, TemporaryExposureKeyExport Export)> DownloadAsync(int day)
    {
        var response = await RetrieveAsync(day);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(["export.bin", "export.sig"], zip.Entries.Select(e => e.FullName));
        var bin = Read(zip.Entries[0]);
        var signatures = TEKSignatureList.Parser.ParseFrom(Read(zip.Entries[1]));
        Assert.Equal(ExportZip.KeyExportHeader, bin[..16]);
        return (bin, signatures, TemporaryExposureKeyExport.Parser.ParseFrom(bin[16..]));
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static ByteArrayContent Protobuf(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(ProtobufResult.ContentType);
        return content;
    }
}
