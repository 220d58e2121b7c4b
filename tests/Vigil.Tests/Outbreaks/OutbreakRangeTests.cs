using System.Net;
using Google.Protobuf.WellKnownTypes;
using Vigil.Tests.Support;
using static Vigil.Outbreaks.Protocol.OutbreakEventResponse.Types;

namespace Vigil.Tests.Outbreaks;

/// <summary>Finding 3 of the hardening run: a timestamp or a date no instant can hold answered 500.</summary>
public sealed class OutbreakRangeTests(VigilApps apps) : IClassFixture<VigilApps>
{
    public static TheoryData<string, string, long, int, ErrorCode> BadTimestamps
    {
        get
        {
            var data = new TheoryData<string, string, long, int, ErrorCode>();
            foreach (var (provider, which, seconds, nanos, error) in
                from provider in TestDatabases.Names
                from which in new[] { "start", "end" }
                from bad in new[] { (253_402_300_800L, 0, ErrorCode.PeriodInvalid), (long.MaxValue, 0, ErrorCode.PeriodInvalid), (1L, -1, ErrorCode.PeriodInvalid), (long.MinValue, 0, ErrorCode.MissingTimestamp) }
                select (provider, which, bad.Item1, bad.Item2, bad.Item3))
            {
                data.Add(provider, which, seconds, nanos, error);
            }
            return data;
        }
    }

    [Theory, MemberData(nameof(BadTimestamps))]
    public async Task A_start_or_end_no_instant_can_hold_gets_the_protocols_error(string provider, string which, long seconds, int nanos, ErrorCode expected)
    {
        var app = await apps.For(provider);
        using var http = app.CreateClient();
        var client = new OutbreakClient(app, http);
        var outbreak = client.Event("RANGE001", TimeSpan.FromHours(5), TimeSpan.FromHours(1));
        var bad = new Timestamp { Seconds = seconds == 1 ? outbreak.StartTime.Seconds : seconds, Nanos = nanos };
        if (which == "start")
        {
            outbreak.StartTime = bad;
        }
        else
        {
            outbreak.EndTime = bad;
        }

        var (status, response) = await client.SubmitAsync(await ExposureClient.CreateApiKeyAsync(app), outbreak);

        Assert.Equal((HttpStatusCode.BadRequest, expected), (status, response.Error));
    }

    public static TheoryData<string, string> OutOfRangeQueries => TestDatabases.OnEach("to=9999-12-31", "from=0001-01-01", "from=2026-01-01&to=9999-12-31");

    [Theory, MemberData(nameof(OutOfRangeQueries))]
    public async Task Listing_events_with_a_date_out_of_range_is_a_400_problem(string provider, string query)
    {
        var app = await apps.For(provider);
        using var http = app.CreateClient();
        var staff = await app.StaffTokenAsync(http, "health_authority", "302");

        var reply = await http.GetAsync("/qr/events?" + query, staff);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("application/problem+json", reply.Response.Content.Headers.ContentType?.MediaType);
    }
}
