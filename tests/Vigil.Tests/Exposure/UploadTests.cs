using System.Net;
using System.Security.Cryptography;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Exposure.Protocol;
using Vigil.Exposure.Upload;
using Vigil.Infrastructure.Database;
using Vigil.Tests.Support;
using static Vigil.Exposure.Protocol.EncryptedUploadResponse.Types;

namespace Vigil.Tests.Exposure;

public sealed class UploadTests(VigilApps apps) : IClassFixture<VigilApps>
{
    public static TheoryData<string> Providers => TestDatabases.All;

    private async Task<(VigilApp App, ExposureClient Client, ExposureClient.AppKeys Keys, HttpClient Http)> ClaimedAsync(string provider = TestDatabases.Sqlite)
    {
        var app = await apps.For(provider);
        var http = app.CreateClient();
        var client = new ExposureClient(app, http);
        return (app, client, await client.ClaimNewKeysAsync(await ExposureClient.CreateApiKeyAsync(app)), http);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Fourteen_keys_are_stored_with_their_hour_of_submission(string provider)
    {
        var (app, client, keys, _) = await ClaimedAsync(provider);
        var upload = client.NewUpload(14);
        upload.Keys[0].ReportType = TemporaryExposureKey.Types.ReportType.SelfReport;
        upload.Keys[0].DaysSinceOnsetOfSymptoms = -2;

        var (status, response) = await client.UploadAsync(keys, upload);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(response.HasError);
        Assert.Equal(ErrorCode.None, response.Error);
        await using var scope = app.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<VigilDb>().Set<DiagnosisKey>()
            .SingleAsync(k => k.KeyData == upload.Keys[0].KeyData.ToByteArray());
        Assert.Equal(app.Clock.GetUtcNow().ToUnixTimeSeconds() / 3600, stored.HourOfSubmission);
        Assert.Equal((3, -2), (stored.ReportType, stored.DaysSinceOnsetOfSymptoms));
    }

    [Fact]
    public async Task The_budget_of_43_allows_15_then_27_refuses_2_allows_1_then_the_keypair_is_spent()
    {
        var (_, client, keys, _) = await ClaimedAsync();

        Assert.Equal(ErrorCode.None, (await client.UploadAsync(keys, client.NewUpload(15))).Response.Error);
        Assert.Equal(ErrorCode.None, (await client.UploadAsync(keys, client.NewUpload(27))).Response.Error);
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCode.TooManyKeys), Result(await client.UploadAsync(keys, client.NewUpload(2))));
        Assert.Equal(ErrorCode.None, (await client.UploadAsync(keys, client.NewUpload(1))).Response.Error);
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCode.InvalidKeypair), Result(await client.UploadAsync(keys, client.NewUpload(1))));
    }

    [Fact]
    public async Task A_refused_upload_stores_none_of_its_keys_and_duplicates_do_not_spend_budget()
    {
        var (app, client, keys, _) = await ClaimedAsync();
        var first = client.NewUpload(28);
        await client.UploadAsync(keys, first);
        await client.UploadAsync(keys, client.NewUpload(14));
        var before = await ExposureClient.StoredKeysAsync(app);

        var tooMany = client.NewUpload(2);
        Assert.Equal(ErrorCode.TooManyKeys, (await client.UploadAsync(keys, tooMany)).Response.Error);
        Assert.Equal(before, await ExposureClient.StoredKeysAsync(app));

        // Known keys are ignored, so re-sending them with one new key fits the remaining budget of 1.
        var repeat = client.NewUpload(1);
        repeat.Keys.Add(first.Keys.Take(20));
        Assert.Equal(ErrorCode.None, (await client.UploadAsync(keys, repeat)).Response.Error);
        Assert.Equal(before + 1, await ExposureClient.StoredKeysAsync(app));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Thirty_two_parallel_uploads_on_one_keypair_never_store_more_than_the_budget(string provider)
    {
        var (app, client, keys, _) = await ClaimedAsync(provider);
        var before = await ExposureClient.StoredKeysAsync(app);

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => client.UploadAsync(keys, client.NewUpload(3))));

        Assert.Equal(14, results.Count(r => r.Response.Error == ErrorCode.None));
        Assert.Equal(before + 42, await ExposureClient.StoredKeysAsync(app));
    }

    [Fact]
    public async Task Twenty_nine_keys_are_too_many()
    {
        var (_, client, keys, _) = await ClaimedAsync();

        Assert.Equal(ErrorCode.TooManyKeys, (await client.UploadAsync(keys, client.NewUpload(29))).Response.Error);
        Assert.Equal(ErrorCode.NoKeysInPayload, (await client.UploadAsync(keys, client.NewUpload(0))).Response.Error);
    }

    [Theory]
    [InlineData(-3600, ErrorCode.None)]
    [InlineData(3600, ErrorCode.None)]
    [InlineData(-3601, ErrorCode.InvalidTimestamp)]
    [InlineData(3601, ErrorCode.InvalidTimestamp)]
    public async Task The_timestamp_may_be_an_hour_off_either_way(int offsetSeconds, ErrorCode expected)
    {
        var (app, client, keys, _) = await ClaimedAsync();

        var upload = client.NewUpload(1, app.Clock.GetUtcNow().AddSeconds(offsetSeconds));

        Assert.Equal(expected, (await client.UploadAsync(keys, upload)).Response.Error);
    }

    public static TheoryData<string, ErrorCode> InvalidKeys => new()
    {
        { "rolling period 0", ErrorCode.InvalidRollingPeriod },
        { "rolling period 145", ErrorCode.InvalidRollingPeriod },
        { "key data 15 bytes", ErrorCode.InvalidKeyData },
        { "rsin 0", ErrorCode.InvalidRollingStartIntervalNumber },
        { "risk 9", ErrorCode.InvalidTransmissionRiskLevel },
        { "risk -1", ErrorCode.InvalidTransmissionRiskLevel },
        { "span over 15 days", ErrorCode.InvalidRollingStartIntervalNumber },
        { "no timestamp", ErrorCode.InvalidTimestamp },
    };

    [Theory, MemberData(nameof(InvalidKeys))]
    public async Task Each_invalid_key_gets_its_own_code_and_nothing_is_stored(string defect, ErrorCode expected)
    {
        var (app, client, keys, _) = await ClaimedAsync();
        var upload = client.NewUpload(3);
        var key = upload.Keys[1];
        switch (defect)
        {
            case "rolling period 0": key.RollingPeriod = 0; break;
            case "rolling period 145": key.RollingPeriod = 145; break;
            case "key data 15 bytes": key.KeyData = ByteString.CopyFrom(new byte[15]); break;
            case "rsin 0": key.RollingStartIntervalNumber = 0; break;
            case "risk 9": key.TransmissionRiskLevel = 9; break;
            case "risk -1": key.TransmissionRiskLevel = -1; break;
            case "span over 15 days": key.RollingStartIntervalNumber = upload.Keys[0].RollingStartIntervalNumber - 144 * 15; break;
            case "no timestamp": upload.Timestamp = null; break;
        }
        var before = await ExposureClient.StoredKeysAsync(app);

        Assert.Equal((HttpStatusCode.BadRequest, expected), Result(await client.UploadAsync(keys, upload)));
        Assert.Equal(before, await ExposureClient.StoredKeysAsync(app));
    }

    [Fact]
    public async Task Envelope_and_crypto_failures_get_their_codes()
    {
        var (_, client, keys, _) = await ClaimedAsync();
        var valid = new EncryptedUploadRequest
        {
            ServerPublicKey = ByteString.CopyFrom(keys.ServerPublicKey),
            AppPublicKey = ByteString.CopyFrom(keys.PublicKey),
            Nonce = ByteString.CopyFrom(new byte[24]),
            Payload = ByteString.CopyFrom(Vigil.Exposure.Sodium.NaclBox.Seal(client.NewUpload(1).ToByteArray(), new byte[24], keys.ServerPublicKey, keys.SecretKey)),
        };
        EncryptedUploadRequest With(Action<EncryptedUploadRequest> change)
        {
            var copy = valid.Clone();
            change(copy);
            return copy;
        }

        Assert.Equal((HttpStatusCode.BadRequest, ErrorCode.Unknown), Result(await client.UploadRawAsync([0xff, 0xff, 0xff])));
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCode.Unknown), Result(await client.UploadRawAsync(new byte[2049])));
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCode.InvalidCryptoParameters),
            Result(await client.UploadRawAsync(With(r => r.ServerPublicKey = ByteString.CopyFrom(new byte[31])).ToByteArray())));
        Assert.Equal((HttpStatusCode.Unauthorized, ErrorCode.InvalidKeypair),
            Result(await client.UploadRawAsync(With(r => r.ServerPublicKey = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32))).ToByteArray())));
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCode.InvalidCryptoParameters),
            Result(await client.UploadRawAsync(With(r => r.Nonce = ByteString.CopyFrom(new byte[23])).ToByteArray())));
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCode.InvalidCryptoParameters),
            Result(await client.UploadRawAsync(With(r => r.AppPublicKey = ByteString.CopyFrom(new byte[33])).ToByteArray())));
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCode.DecryptionFailed),
            Result(await client.UploadRawAsync(With(r => r.Nonce = ByteString.CopyFrom(new byte[23].Append((byte)1).ToArray())).ToByteArray())));
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCode.DecryptionFailed),
            Result(await client.UploadRawAsync(With(r => r.Payload = ByteString.CopyFrom(r.Payload.Span[..^1])).ToByteArray())));
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCode.InvalidPayload), Result(await client.UploadAsync(keys, [0xff, 0xff, 0xff])));
        Assert.Equal((HttpStatusCode.OK, ErrorCode.None), Result(await client.UploadRawAsync(valid.ToByteArray())));
    }

    [Fact]
    public async Task The_server_secret_key_is_stored_sealed_not_in_the_clear()
    {
        var (app, _, keys, _) = await ClaimedAsync();

        await using var scope = app.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<VigilDb>().Set<Vigil.Exposure.Claims.KeyClaim>()
            .SingleAsync(c => c.ServerPublicKey == keys.ServerPublicKey);
        var protector = scope.ServiceProvider.GetRequiredService<Vigil.Exposure.Claims.KeypairProtector>();
        var secret = protector.Unprotect(row.ServerSecretKey, row.ServerPublicKey);

        Assert.Equal(60, row.ServerSecretKey.Length);
        Assert.Equal(-1, row.ServerSecretKey.AsSpan().IndexOf(secret));
        // The secret really is the public key's partner: an app box to the public key opens with it.
        var nonce = new byte[24];
        var box = Vigil.Exposure.Sodium.NaclBox.Seal([1, 2, 3], nonce, keys.ServerPublicKey, keys.SecretKey);
        Assert.True(Vigil.Exposure.Sodium.NaclBox.TryOpen(box, nonce, keys.PublicKey, secret, out var opened));
        Assert.Equal([1, 2, 3], opened);
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => protector.Unprotect(row.ServerSecretKey, new byte[32]));
    }

    [Fact]
    public async Task A_keypair_is_dead_fifteen_days_after_its_window_opened()
    {
        await using var app = await VigilApp.StartAsync(TestDatabases.Sqlite);
        using var http = app.CreateClient();
        var client = new ExposureClient(app, http);
        var keys = await client.ClaimNewKeysAsync(await ExposureClient.CreateApiKeyAsync(app));

        // The window opened at 00:00 UTC of the code's day; the clock starts at 12:00.
        app.Clock.Advance(TimeSpan.FromDays(15) - TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1));
        Assert.Equal(ErrorCode.None, (await client.UploadAsync(keys, client.NewUpload(1))).Response.Error);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((HttpStatusCode.Unauthorized, ErrorCode.InvalidKeypair), Result(await client.UploadAsync(keys, client.NewUpload(1))));
    }

    private static (HttpStatusCode, ErrorCode) Result((HttpStatusCode Status, EncryptedUploadResponse Response) reply) =>
        (reply.Status, reply.Response.Error);
}
