using System.Net;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Infrastructure.Database;
using Vigil.Outbreaks;
using Vigil.Tests.Support;
using static Vigil.Outbreaks.Protocol.OutbreakEventResponse.Types;

namespace Vigil.Tests.Outbreaks;

public sealed class NewEventTests(VigilApps apps) : IClassFixture<VigilApps>
{
    public static TheoryData<string> Providers => TestDatabases.All;

    private async Task<(VigilApp App, OutbreakClient Client, string Key, HttpClient Http)> StartAsync(string provider = TestDatabases.Sqlite)
    {
        var app = await apps.For(provider);
        var http = app.CreateClient();
        return (app, new OutbreakClient(app, http), await ExposureClient.CreateApiKeyAsync(app), http);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task An_event_with_an_eight_character_or_uuid_location_is_stored_for_the_keys_region(string provider)
    {
        var (app, client, key, _) = await StartAsync(provider);
        var uuid = Guid.NewGuid().ToString();

        var eight = await client.SubmitAsync(key, client.Event("AB12cd34", TimeSpan.FromHours(5), TimeSpan.FromHours(2), severity: 2));
        var legacy = await client.SubmitAsync(key, client.Event(uuid, TimeSpan.FromHours(5), TimeSpan.FromHours(2)));

        Assert.Equal((HttpStatusCode.OK, ErrorCode.None), (eight.Status, eight.Response.Error));
        Assert.True(eight.Response.HasError);
        Assert.Equal(HttpStatusCode.OK, legacy.Status);
        await using var scope = app.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<VigilDb>().Set<OutbreakEvent>().SingleAsync(e => e.LocationId == "AB12cd34");
        Assert.Equal(("302", 2), (stored.Region, stored.Severity));
        Assert.Equal(app.Clock.GetUtcNow(), stored.CreatedAt);
    }

    [Theory]
    [InlineData("AB12cd3")]
    [InlineData("AB12cd345")]
    [InlineData("AB12-d34")]
    [InlineData("")]
    [InlineData("not-a-uuid-but-thirty-six-characters")]
    public async Task Other_location_ids_are_invalid(string locationId)
    {
        var (_, client, key, _) = await StartAsync();

        var reply = await client.SubmitAsync(key, client.Event(locationId, TimeSpan.FromHours(5), TimeSpan.FromHours(1)));

        Assert.Equal((HttpStatusCode.BadRequest, ErrorCode.InvalidId), (reply.Status, reply.Response.Error));
    }

    [Fact]
    public async Task A_missing_or_zero_timestamp_is_missing_timestamp_not_a_crash()
    {
        var (_, client, key, _) = await StartAsync();
        var noStart = client.Event("AB12cd34", TimeSpan.FromHours(5), TimeSpan.FromHours(1));
        noStart.StartTime = null;
        var noEnd = client.Event("AB12cd34", TimeSpan.FromHours(5), TimeSpan.FromHours(1));
        noEnd.EndTime = null;
        var zero = client.Event("AB12cd34", TimeSpan.FromHours(5), TimeSpan.FromHours(1));
        zero.StartTime = new Timestamp();

        foreach (var outbreak in new[] { noStart, noEnd, zero })
        {
            var reply = await client.SubmitAsync(key, outbreak);
            Assert.Equal((HttpStatusCode.BadRequest, ErrorCode.MissingTimestamp), (reply.Status, reply.Response.Error));
        }
    }

    [Theory]
    [InlineData(5 * 3600, 0)]               // empty window
    [InlineData(15 * 86400, 14 * 86400 + 1)] // longer than 14 days
    [InlineData(29 * 86400, 3600)]          // starts more than 28 days ago
    [InlineData(600, 3600)]                 // ends 50 minutes in the future
    public async Task Impossible_windows_are_period_invalid(int startSecondsAgo, int lengthSeconds)
    {
        var (_, client, key, _) = await StartAsync();

        var reply = await client.SubmitAsync(key, client.Event("AB12cd34", TimeSpan.FromSeconds(startSecondsAgo), TimeSpan.FromSeconds(lengthSeconds)));

        Assert.Equal((HttpStatusCode.BadRequest, ErrorCode.PeriodInvalid), (reply.Status, reply.Response.Error));
    }

    [Fact]
    public async Task Garbage_oversize_and_unauthenticated_requests_are_refused()
    {
        var (_, client, key, http) = await StartAsync();

        Assert.Equal(ErrorCode.Unknown, (await client.SubmitRawAsync(key, [0xff, 0xff, 0xff])).Response.Error);
        Assert.Equal(ErrorCode.Unknown, (await client.SubmitRawAsync(key, new byte[1025])).Response.Error);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SubmitAsync(null, client.Event("AB12cd34", TimeSpan.FromHours(5), TimeSpan.FromHours(1)))).Status);
        var get = await http.GetAsync("/qr/new-event");
        Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
        Assert.Equal("unauthorized\n", await get.Content.ReadAsStringAsync());
    }
}
