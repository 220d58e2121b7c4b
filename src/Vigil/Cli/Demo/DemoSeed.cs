using System.Security.Claims;
using System.Security.Cryptography;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Vigil.Exposure.Claims;
using Vigil.Exposure.Metrics;
using Vigil.Exposure.Sodium;
using Vigil.Exposure.Upload;
using Vigil.Identity.ApiKeys;
using Vigil.Identity.Auth;
using Vigil.Identity.Staff;
using Vigil.Infrastructure.Database;
using Vigil.Outbreaks;
using Vigil.Regions;
using Vigil.Infrastructure;

namespace Vigil.Cli.Demo;

/// <summary>
/// A few weeks of realistic activity for a development server, so a newcomer's portal has charts with
/// something in them: today's codes go through the real claim and upload path; earlier days are written as
/// the counters, keys and events those days would have left. Seeded randomness: the same data every time.
/// </summary>
internal sealed class DemoSeed(IServiceProvider services, TimeProvider clock)
{
    public const string Password = "demo password 2026";
    public const string ApiKeyName = "Demo health authority";
    private const string Region = "302";
    private readonly Random _random = new(20261201);

    public sealed record Seeded(IReadOnlyList<(string Email, string Role)> Accounts, string ApiKey);

    public async Task<Seeded> RunAsync(CancellationToken ct)
    {
        var db = Get<VigilDb>();
        if (await db.Set<ApiKey>().AnyAsync(k => k.Name == ApiKeyName, ct))
        {
            throw new InvalidOperationException("the demo data is there already (run it on a fresh data directory)");
        }
        var key = await Get<ApiKeyService>().CreateAsync(Region, ApiKeyName, ct);
        var accounts = await AccountsAsync(ct);
        await ExposureHistoryAsync(db, key.Key.Id, ct);
        await TodaysUploadsAsync(key.Key, ct);
        await OutbreaksAsync(db, key.Key.Id, ct);
        await PrefectureMessagesAsync(ct);
        await new DemoClinic(services, clock, _random).RunAsync(accounts.Where(a => a.Role == Roles.Clinician).Select(a => a.Email).ToList(), ct);
        return new Seeded(accounts, key.Secret);
    }

    private async Task<List<(string Email, string Role)>> AccountsAsync(CancellationToken ct)
    {
        var accounts = new List<(string, string)>
        {
            ("admin@demo.example.org", Roles.SuperAdmin), ("authority@demo.example.org", Roles.HealthAuthority),
            ("tokyo@demo.example.org", Roles.PrefectureAdmin), ("clinic@demo.example.org", Roles.ClinicAdmin),
            ("ana.garcia@demo.example.org", Roles.Clinician), ("luis.perez@demo.example.org", Roles.Clinician),
        };
        var staff = Get<StaffAccounts>();
        foreach (var (email, role) in accounts)
        {
            var region = role switch { Roles.HealthAuthority => Region, Roles.PrefectureAdmin => "13", _ => null };
            await staff.CreateAsync(email, Password, [role], region, ct, AccessKeys.ForAdmin(role, role == Roles.PrefectureAdmin ? 13 : null));
        }
        return accounts;
    }

    /// <summary>Three weeks of daily counters and, for the last 13 days, the keys those uploads left.</summary>
    private async Task ExposureHistoryAsync(VigilDb db, Guid apiKeyId, CancellationToken ct)
    {
        var today = UnixDay.Of(clock.GetUtcNow()).Number;
        for (var day = today - 21; day < today; day++)
        {
            var issued = _random.Next(8, 30);
            var claimed = issued - _random.Next(0, 4);
            var keys = claimed * _random.Next(6, 14);
            db.Add(new ExposureDailyMetric
            {
                ApiKeyId = apiKeyId,
                Day = day,
                Region = Region,
                CodesGenerated = issued,
                CodesClaimed = claimed,
                CodesExpired = issued - claimed,
                KeysUploaded = keys,
                FirstUploads = claimed,
                ClaimDelaySeconds = claimed * _random.Next(600, 7200),
            });
            if (day >= today - 13)
            {
                for (var i = 0; i < keys; i++)
                {
                    db.Add(new DiagnosisKey
                    {
                        KeyData = RandomNumberGenerator.GetBytes(16),
                        RollingStartIntervalNumber = (day - _random.Next(0, 10)) * 144,
                        RollingPeriod = 144,
                        TransmissionRiskLevel = _random.Next(1, 8),
                        HourOfSubmission = day * 24L + _random.Next(0, 24),
                        Region = Region,
                        ApiKeyId = apiKeyId,
                    });
                }
            }
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Today: codes issued, claimed and uploaded to through the same code an app's requests run.</summary>
    private async Task TodaysUploadsAsync(ApiKey key, CancellationToken ct)
    {
        var interval = (int)UnixDay.IntervalOf(clock.GetUtcNow());
        for (var person = 0; person < 5; person++)
        {
            var code = await Get<KeyClaimIssuer>().IssueAsync(new ApiKeyIdentity(key.Id, key.Region), null, ct)
                ?? throw new InvalidOperationException("no code was issued");
            var (appPublic, appSecret) = NaclBox.CreateKeyPair();
            var claim = await Get<KeyClaimer>().ClaimAsync(code, appPublic, ct);
            var upload = new Exposure.Protocol.Upload { Timestamp = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(clock.GetUtcNow()) };
            for (var day = 0; day < 10; day++)
            {
                upload.Keys.Add(new Exposure.Protocol.TemporaryExposureKey
                {
                    KeyData = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(16)),
                    RollingStartIntervalNumber = (interval / 144 - day) * 144,
                    RollingPeriod = 144,
                    TransmissionRiskLevel = _random.Next(1, 8),
                });
            }
            var nonce = RandomNumberGenerator.GetBytes(NaclBox.NonceBytes);
            await Get<KeyUploader>().UploadAsync(new Exposure.Protocol.EncryptedUploadRequest
            {
                ServerPublicKey = ByteString.CopyFrom(claim.ServerPublicKey),
                AppPublicKey = ByteString.CopyFrom(appPublic),
                Nonce = ByteString.CopyFrom(nonce),
                Payload = ByteString.CopyFrom(NaclBox.Seal(upload.ToByteArray(), nonce, claim.ServerPublicKey!, appSecret)),
            }, ct);
        }
    }

    private async Task OutbreaksAsync(VigilDb db, Guid apiKeyId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        string[] venues = ["CAFE2041", "GYM00317", "LIBR0042", "SCHL1188", "MALL7730", "BUS00912"];
        for (var i = 0; i < 14; i++)
        {
            var created = now.AddDays(-_random.Next(0, 21)).AddHours(-_random.Next(0, 12));
            var start = created.AddHours(-_random.Next(4, 48));
            db.Add(new OutbreakEvent
            {
                Id = Guid.NewGuid(),
                LocationId = venues[i % venues.Length],
                StartTime = start,
                EndTime = start.AddHours(_random.Next(1, 6)),
                Severity = _random.Next(1, 4),
                Region = Region,
                ApiKeyId = apiKeyId,
                CreatedAt = created,
            });
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task PrefectureMessagesAsync(CancellationToken ct)
    {
        var national = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "demo"), new Claim("role", Roles.SuperAdmin)], "demo", "sub", "role"));
        var messages = Get<PrefectureMessages>();
        await messages.CreateMissingAsync(national, ct);
        (int Id, string Text)[] notices =
        [
            (13, "Tokyo: vaccination centres in Shinjuku and Shibuya are open 9:00–20:00 this week."),
            (27, "Osaka: free testing at Umeda station until Friday."),
            (1, "Hokkaido: wear a mask on crowded trains and buses."),
        ];
        foreach (var (id, text) in notices)
        {
            await messages.SetMessageAsync(id, text, national, ct);
        }
    }

    private T Get<T>() where T : notnull => services.GetRequiredService<T>();
}
