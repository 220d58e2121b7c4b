using Vigil.Tests.Support;

namespace Vigil.Tests.Broker.Cluster;

/// <summary>The cluster tests share one NATS cluster and three Vigil nodes, and run one at a time (some stop NATS servers).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection : ICollectionFixture<VigilCluster>
{
    public const string Name = "Vigil cluster on NATS";
}
