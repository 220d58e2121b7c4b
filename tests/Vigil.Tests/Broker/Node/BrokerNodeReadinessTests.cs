using System.Globalization;
using System.Net;
using Vigil.Tests.Support;

namespace Vigil.Tests.Broker.Node;

/// <summary>
/// <c>/readyz</c> on a <c>vigil broker</c> node's metrics port asks its database in plain SQL: a real PostgreSQL
/// stopped and started again under it.
/// </summary>
public sealed class BrokerNodeReadinessTests
{
    [Fact]
    public async Task The_nodes_readiness_follows_its_postgres_database_down_and_back_up()
    {
        await using var cluster = await PostgresServer.StartOwnClusterAsync();
        var database = await cluster.CreateDatabaseAsync();
        using var schema = await VigilApp.StartAsync(TestDatabases.Postgres, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Vigil"] = database, ["Vigil:Broker:Enabled"] = "false",
        });
        var port = FreePort.Next();
        using var node = await ServerProcess.StartBrokerAsync(schema.DataDirectory, FreePort.Next(),
            "--Vigil:Metrics:Port=" + port.ToString(CultureInfo.InvariantCulture), "--Vigil:Database:Provider=postgres", "--ConnectionStrings:Vigil=" + database);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var readyz = new Uri("/readyz", UriKind.Relative);

        var before = (await http.GetAsync(readyz)).StatusCode;
        await cluster.StopAsync();
        var down = await http.GetAsync(readyz);
        await cluster.StartAgainAsync();
        var back = await ReadinessAsync(http, readyz, HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, before);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Contains("the database does not answer", await down.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, back);
    }

    /// <summary>The readiness status once it is <paramref name="wanted"/>, or the last one after ten seconds.</summary>
    private static async Task<HttpStatusCode> ReadinessAsync(HttpClient http, Uri readyz, HttpStatusCode wanted)
    {
        var status = HttpStatusCode.ServiceUnavailable;
        for (var attempt = 0; attempt < 50 && status != wanted; attempt++)
        {
            await Task.Delay(200);
            status = (await http.GetAsync(readyz)).StatusCode;
        }
        return status;
    }
}
