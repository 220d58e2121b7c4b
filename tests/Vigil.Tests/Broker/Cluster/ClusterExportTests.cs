using System.Net;
using Vigil.Tests.Support;

namespace Vigil.Tests.Broker.Cluster;

/// <summary>With the cluster configured, an upload on one node makes the others rebuild today's export at the next rebuild interval.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterExportTests(VigilCluster cluster)
{
    [Fact]
    public async Task An_upload_on_one_node_reaches_todays_export_on_another_within_the_rebuild_interval_not_the_maximum_age()
    {
        var uploader = new ExposureClient(cluster.Nodes[0], cluster.Nodes[0].CreateClient());
        var reader = new ExposureClient(cluster.Nodes[1], cluster.Nodes[1].CreateClient());
        var keys = await uploader.ClaimNewKeysAsync(await ExposureClient.CreateApiKeyAsync(cluster.Nodes[0]));
        var before = (await reader.DownloadAsync(reader.Today)).Export.Keys.Count; // built and cached on node 1

        var upload = uploader.NewUpload(3);
        Assert.Equal(HttpStatusCode.OK, (await uploader.UploadAsync(keys, upload)).Status);
        await Task.Delay(500); // the notice crosses NATS
        cluster.Nodes[1].Clock.Advance(TimeSpan.FromSeconds(11)); // past PartialDayRebuildInterval (10 s), well inside PartialDayMaxAge (1 min)

        var after = (await reader.DownloadAsync(reader.Today)).Export;
        Assert.Equal(before + 3, after.Keys.Count);
        Assert.Superset(after.Keys.Select(k => Convert.ToHexString(k.KeyData.Span)).ToHashSet(),
            upload.Keys.Select(k => Convert.ToHexString(k.KeyData.Span)).ToHashSet());
    }
}
