using Vigil.Infrastructure;

namespace Vigil.Broker.Cluster;

public static class ClusterExtensions
{
    /// <summary>With <c>Vigil:Broker:Cluster:NatsUrls</c> set: the NATS cluster bus, its start and stop, and its readiness.</summary>
    public static IHostApplicationBuilder AddBrokerCluster(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(ClusterOptions.Section);
        builder.Services.Configure<ClusterOptions>(section);
        if (!(section.Get<ClusterOptions>() ?? new ClusterOptions()).IsConfigured)
        {
            return builder;
        }
        builder.Services.AddSingleton<NatsClusterBus>();
        builder.Services.AddHostedService<ClusterHostedService>();
        builder.Services.AddHealthChecks().AddCheck<ClusterReadyCheck>("nats", tags: [InfrastructureExtensions.ReadyTag]);
        return builder;
    }
}
