using System.Net;
using Vigil.Exposure.Protocol;
using Vigil.Exposure.Sodium;
using Vigil.Tests.Support;

namespace Vigil.Tests.Infrastructure;

/// <summary>
/// Finding 4 of the hardening run: while PostgreSQL was down the protocol endpoints answered
/// <c>500 application/problem+json</c>, and every request logged a stack trace.
/// </summary>
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task A_postgres_stop_and_start_during_traffic_gives_only_protocol_errors_one_log_line_and_recovery()
    {
        await using var cluster = await PostgresServer.StartOwnClusterAsync();
        using var app = await VigilApp.StartAsync(TestDatabases.Postgres,
            new Dictionary<string, string?> { ["ConnectionStrings:Vigil"] = await cluster.CreateDatabaseAsync() });
        using var http = app.CreateClient();
        var client = new ExposureClient(app, http);
        var outbreaks = new OutbreakClient(app, http);
        var apiKey = await ExposureClient.CreateApiKeyAsync(app);
        var staff = await app.StaffTokenAsync(http, "health_authority", "302");
        var keys = await client.ClaimNewKeysAsync(apiKey);
        var code = await client.NewCodeAsync(apiKey);
        // Traffic throughout: the same keys again and again (re-uploads cost no budget), and a JSON list.
        var repeated = client.NewUpload(1);
        using var stopTraffic = new CancellationTokenSource();
        var traffic = Task.Run(async () =>
        {
            var seen = new List<string>();
            while (!stopTraffic.IsCancellationRequested)
            {
                var (status, response) = await client.UploadAsync(keys, repeated);
                var list = await http.GetAsync("/qr/events", staff);
                seen.Add($"upload {(int)status} {response.Error}; list {(int)list.Status} {list.Response.Content.Headers.ContentType?.MediaType}");
            }
            return seen;
        });
        await Task.Delay(300);

        await cluster.StopAsync();
        var claim = await client.ClaimAsync(code, NaclBox.CreateKeyPair().PublicKey);
        var upload = await client.UploadAsync(keys, client.NewUpload(2));
        var outbreak = await outbreaks.SubmitAsync(apiKey, outbreaks.Event("OUTAGE01", TimeSpan.FromHours(3), TimeSpan.FromHours(1)));
        var newCode = await client.NewKeyClaimAsync(apiKey);
        var listed = await http.GetAsync("/qr/events", staff);
        var ready = await http.GetAsync("/readyz");
        var more = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.UploadAsync(keys, client.NewUpload(1))));

        Assert.Equal((HttpStatusCode.InternalServerError, KeyClaimResponse.Types.ErrorCode.ServerError), (claim.Status, claim.Response.Error));
        Assert.Equal((HttpStatusCode.InternalServerError, EncryptedUploadResponse.Types.ErrorCode.ServerError), (upload.Status, upload.Response.Error));
        Assert.All(more, reply => Assert.Equal(EncryptedUploadResponse.Types.ErrorCode.ServerError, reply.Response.Error));
        Assert.Equal(Vigil.Outbreaks.Protocol.OutbreakEventResponse.Types.ErrorCode.ServerError, outbreak.Response.Error);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "service unavailable\n"), newCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, listed.Status);
        Assert.Equal("application/problem+json", listed.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);

        var outageLines = app.Logs.Lines.Where(line => line.Contains("The database is unavailable")).ToList();
        Assert.Single(outageLines);
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains("   at ") || line.StartsWith("Error Microsoft"));

        await cluster.StartAgainAsync();
        var recovered = await RetryAsync(async () => (await client.ClaimAsync(code, NaclBox.CreateKeyPair().PublicKey)).Status);
        Assert.Equal(HttpStatusCode.OK, recovered);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
        await Task.Delay(300);
        await stopTraffic.CancelAsync();
        var seen = await traffic;
        Assert.All(seen, line => Assert.Matches(
            @"^upload (200 None|500 ServerError); list (200 application/json|503 application/problem\+json)$", line));
        Assert.Contains(seen, line => line.StartsWith("upload 500"));
        Assert.Equal("upload 200 None; list 200 application/json", seen[^1]);
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains("   at ") || line.StartsWith("Error Microsoft"));
    }

    /// <summary>The first answer that is not a server error, within a few seconds (pooled connections are replaced on first use).</summary>
    private static async Task<HttpStatusCode> RetryAsync(Func<Task<HttpStatusCode>> attempt)
    {
        var status = HttpStatusCode.InternalServerError;
        for (var i = 0; i < 50 && status == HttpStatusCode.InternalServerError; i++)
        {
            status = await attempt();
            if (status == HttpStatusCode.InternalServerError)
            {
                await Task.Delay(100);
            }
        }
        return status;
    }
}
