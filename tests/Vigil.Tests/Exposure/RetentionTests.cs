using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Exposure.Claims;
using Vigil.Exposure.Jobs;
using Vigil.Exposure.Upload;
using Vigil.Infrastructure.Database;
using Vigil.Tests.Support;

namespace Vigil.Tests.Exposure;

public sealed class RetentionTests
{
    public static TheoryData<string> Providers => TestDatabases.All;

    private static async Task<ExposureRetention.Deleted> RunAsync(VigilApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ExposureRetention>().RunAsync(default);
    }

    private static async Task<T> QueryAsync<T>(VigilApp app, Func<VigilDb, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<VigilDb>());
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Keys_are_kept_through_today_minus_15_and_deleted_from_midnight_of_the_day_after(string provider)
    {
        await using var app = await VigilApp.StartAsync(provider);
        using var http = app.CreateClient();
        var client = new ExposureClient(app, http);
        await client.UploadAsync(await client.ClaimNewKeysAsync(await ExposureClient.CreateApiKeyAsync(app)), client.NewUpload(3));

        // Uploaded at 12:00 on day D; kept while D >= today − 15, i.e. until 00:00 UTC of D + 16.
        app.Clock.Advance(TimeSpan.FromDays(16) - TimeSpan.FromHours(12) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, (await RunAsync(app)).Keys);
        Assert.Equal(3, await QueryAsync(app, db => db.Set<DiagnosisKey>().CountAsync()));

        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(3, (await RunAsync(app)).Keys);
        Assert.Equal(0, await QueryAsync(app, db => db.Set<DiagnosisKey>().CountAsync()));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Unclaimed_codes_go_after_24_hours_and_count_as_expired(string provider)
    {
        await using var app = await VigilApp.StartAsync(provider);
        using var http = app.CreateClient();
        var client = new ExposureClient(app, http);
        await client.NewCodeAsync(await ExposureClient.CreateApiKeyAsync(app));

        app.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, (await RunAsync(app)).ExpiredCodes);
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, (await RunAsync(app)).ExpiredCodes);
        Assert.Equal(0, await QueryAsync(app, db => db.Set<KeyClaim>().CountAsync()));
        Assert.Equal(1, await QueryAsync(app, db => db.Set<Vigil.Exposure.Metrics.ExposureMetricEvent>().SumAsync(m => m.CodesExpired)));
    }

    [Fact]
    public async Task Claimed_keypairs_go_fifteen_days_after_their_window_opened_and_exhausted_ones_at_once()
    {
        await using var app = await VigilApp.StartAsync(TestDatabases.Sqlite);
        using var http = app.CreateClient();
        var client = new ExposureClient(app, http);
        var apiKey = await ExposureClient.CreateApiKeyAsync(app);
        await client.ClaimNewKeysAsync(apiKey);
        var exhausted = await client.ClaimNewKeysAsync(apiKey);
        await client.UploadAsync(exhausted, client.NewUpload(28));
        await client.UploadAsync(exhausted, client.NewUpload(15));

        Assert.Equal(1, (await RunAsync(app)).FinishedKeypairs);

        app.Clock.Advance(TimeSpan.FromDays(15) - TimeSpan.FromHours(12) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, (await RunAsync(app)).FinishedKeypairs);
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, (await RunAsync(app)).FinishedKeypairs);
    }

    [Fact]
    public async Task Ban_records_go_once_the_ban_window_has_passed()
    {
        await using var app = await VigilApp.StartAsync(TestDatabases.Sqlite);
        using var http = app.CreateClient();
        var client = new ExposureClient(app, http);
        await client.ClaimAsync("AAAAAAAAAA", new byte[32], peer: "203.0.113.77");

        app.Clock.Advance(TimeSpan.FromHours(1) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, (await RunAsync(app)).BanRecords);
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, (await RunAsync(app)).BanRecords);
    }
}
