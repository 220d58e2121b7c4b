using System.Net;
using Google.Protobuf.WellKnownTypes;
using Vigil.Exposure.Upload;
using Vigil.Tests.Support;
using static Vigil.Exposure.Protocol.EncryptedUploadResponse.Types;

namespace Vigil.Tests.Exposure;

/// <summary>Findings 3 and 6 of the hardening run: out-of-range timestamps crashed an upload, implausible keys were stored.</summary>
public sealed class UploadRangeTests(VigilApps apps) : IClassFixture<VigilApps>
{
    public static TheoryData<string, long, int> OutOfRangeTimestamps => TestDatabases.OnEach<long, int>(
        (253_402_300_800, 0), (-62_135_596_801, 0), (long.MaxValue, 0), (0, -1), (0, 1_000_000_000));

    [Theory, MemberData(nameof(OutOfRangeTimestamps))]
    public async Task A_timestamp_no_instant_can_hold_is_an_invalid_timestamp_and_stores_nothing(string provider, long seconds, int nanos)
    {
        var (app, client, keys) = await ClaimedAsync(provider);
        var upload = client.NewUpload(2);
        // Nanos out of range are sent with a current second, so only the nanos are wrong.
        upload.Timestamp = new Timestamp { Seconds = seconds == 0 ? app.Clock.GetUtcNow().ToUnixTimeSeconds() : seconds, Nanos = nanos };
        var before = await ExposureClient.StoredKeysAsync(app);

        var (status, response) = await client.UploadAsync(keys, upload);

        Assert.Equal((HttpStatusCode.BadRequest, ErrorCode.InvalidTimestamp), (status, response.Error));
        Assert.Equal(before, await ExposureClient.StoredKeysAsync(app));
    }

    public static TheoryData<string, string, ErrorCode> ImplausibleKeys => TestDatabases.OnEach(
        ("rsin -2^31", ErrorCode.InvalidRollingStartIntervalNumber), ("rsin 2^31-1", ErrorCode.InvalidRollingStartIntervalNumber),
        ("rsin 16 days ago", ErrorCode.InvalidRollingStartIntervalNumber), ("rsin two hours ahead", ErrorCode.InvalidRollingStartIntervalNumber),
        ("days since onset 2^31-1", ErrorCode.InvalidPayload), ("days since onset 15", ErrorCode.InvalidPayload),
        ("days since onset -15", ErrorCode.InvalidPayload));

    [Theory, MemberData(nameof(ImplausibleKeys))]
    public async Task An_implausible_key_is_refused_with_its_code_and_nothing_is_stored(string provider, string defect, ErrorCode expected)
    {
        var (app, client, keys) = await ClaimedAsync(provider);
        var upload = client.NewUpload(3);
        var key = upload.Keys[2];
        var interval = (int)(app.Clock.GetUtcNow().ToUnixTimeSeconds() / 600);
        switch (defect)
        {
            case "rsin -2^31": key.RollingStartIntervalNumber = int.MinValue; break;
            case "rsin 2^31-1": key.RollingStartIntervalNumber = int.MaxValue; break;
            case "rsin 16 days ago": key.RollingStartIntervalNumber = interval / 144 * 144 - 16 * 144; break;
            case "rsin two hours ahead": key.RollingStartIntervalNumber = interval + 12; break;
            case "days since onset 2^31-1": key.DaysSinceOnsetOfSymptoms = int.MaxValue; break;
            case "days since onset 15": key.DaysSinceOnsetOfSymptoms = 15; break;
            case "days since onset -15": key.DaysSinceOnsetOfSymptoms = -15; break;
        }
        var before = await ExposureClient.StoredKeysAsync(app);

        var (status, response) = await client.UploadAsync(keys, upload);

        Assert.Equal((HttpStatusCode.BadRequest, expected), (status, response.Error));
        Assert.Equal(before, await ExposureClient.StoredKeysAsync(app));
    }

    [Fact]
    public async Task Keys_at_the_edges_of_the_plausible_window_are_stored()
    {
        var (app, client, keys) = await ClaimedAsync(TestDatabases.Sqlite);
        var interval = (int)(app.Clock.GetUtcNow().ToUnixTimeSeconds() / 600);
        var oldest = client.NewUpload(1);
        oldest.Keys[0].RollingStartIntervalNumber = interval / 144 * 144 - 15 * 144;
        oldest.Keys[0].DaysSinceOnsetOfSymptoms = -UploadValidation.MaxDaysSinceOnset;
        var newest = client.NewUpload(1);
        newest.Keys[0].RollingStartIntervalNumber = interval + 6;
        newest.Keys[0].DaysSinceOnsetOfSymptoms = UploadValidation.MaxDaysSinceOnset;

        Assert.Equal((HttpStatusCode.OK, ErrorCode.None), Result(await client.UploadAsync(keys, oldest)));
        Assert.Equal((HttpStatusCode.OK, ErrorCode.None), Result(await client.UploadAsync(keys, newest)));
    }

    private static (HttpStatusCode, ErrorCode) Result((HttpStatusCode Status, Vigil.Exposure.Protocol.EncryptedUploadResponse Response) reply) =>
        (reply.Status, reply.Response.Error);

    private async Task<(VigilApp App, ExposureClient Client, ExposureClient.AppKeys Keys)> ClaimedAsync(string provider)
    {
        var app = await apps.For(provider);
        var client = new ExposureClient(app, app.CreateClient());
        return (app, client, await client.ClaimNewKeysAsync(await ExposureClient.CreateApiKeyAsync(app)));
    }

}
