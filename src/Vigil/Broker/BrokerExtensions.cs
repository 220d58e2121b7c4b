using Microsoft.Extensions.Options;
using Vigil.Broker.Cluster;
using Vigil.Broker.Hosting;
using Vigil.Broker.Security;
using Vigil.Mqtt.Broker;

namespace Vigil.Broker;

public static class BrokerExtensions
{
    /// <summary>The MQTT broker on Kestrel (TCP, TLS), its security, handler keys and the in-process contacts handler.</summary>
    public static WebApplicationBuilder AddBroker(this WebApplicationBuilder builder)
    {
        builder.AddBrokerEngine();
        var services = builder.Services;
        services.AddHostedService<InProcessContactsHandler>();
        if (InlineSocketIo.IsRequested(builder.Configuration))
        {
            // Each MQTT message is a few tiny socket operations; a thread-pool hop for each costs more than the work.
            builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        }
        var configured = new BrokerOptions();
        builder.Configuration.GetSection(BrokerOptions.Section).Bind(configured);
        if (BrokerEndpoints.BindsEndpoints(configured))
        {
            Infrastructure.Http.HttpUrlsInCode.AddStartupFilter(services);
        }
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var options = new BrokerOptions();
            context.Configuration.GetSection(BrokerOptions.Section).Bind(options);
            BrokerEndpoints.Configure(kestrel, options, context.Configuration, context.HostingEnvironment);
        });
        return builder;
    }

    /// <summary>
    /// The broker engine, its security (tokens, handler keys, topic rules), the plain MQTT port on Vigil's event loops,
    /// the NATS cluster when configured, and the watchers that close revoked handlers and ended staff accounts: what
    /// every process that serves MQTT has, <c>vigil serve</c> and <c>vigil broker</c> alike.
    /// </summary>
    public static IHostApplicationBuilder AddBrokerEngine(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<BrokerOptions>(builder.Configuration.GetSection(BrokerOptions.Section));
        services.AddSingleton<TopicRules>();
        services.AddSingleton<InProcessHandlerSecret>();
        services.AddSingleton<HandlerKeyLookup>();
        services.AddSingleton<VigilMqttSecurity>();
        services.AddSingleton(sp =>
        {
            var brokerOptions = sp.GetRequiredService<IOptions<BrokerOptions>>().Value;
            var limits = brokerOptions.Limits;
            var cluster = sp.GetService<Cluster.NatsClusterBus>();
            // In a cluster, persistent sessions live in JetStream (and retained messages in its bucket), not in a node's log;
            // a server whose broker is off leaves the log to the broker node beside it.
            if (brokerOptions is { Enabled: true, PersistSessions: true } && cluster is null)
            {
                limits.PersistenceDirectory ??= Path.Combine(sp.GetRequiredService<Infrastructure.DataDirectory>().Path, "broker");
            }
            if (FileDescriptorLimit.Read() is { } files && files - FileDescriptorLimit.Reserve < limits.MaximumConnections)
            {
                // Past the open-file limit accept() itself fails; refusing in CONNACK first is the clean way.
                limits.MaximumConnections = (int)Math.Max(1, files - FileDescriptorLimit.Reserve);
            }
            var security = sp.GetRequiredService<VigilMqttSecurity>();
            var broker = new MqttBroker(limits, security, security, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<MqttBroker>>())
            {
                PublishInterceptor = new PublisherStamp(),
                Cluster = cluster,
                ClusterSessions = cluster,
            };
            Infrastructure.Observability.BrokerMeters.Observe(broker);
            return broker;
        });
        services.AddSingleton<EventLoopListenerService>();
        services.AddHostedService(sp => sp.GetRequiredService<EventLoopListenerService>());
        services.AddHostedService<BrokerHostedService>();
        if (builder.Configuration.GetValue(BrokerOptions.Section + ":Enabled", true))
        {
            builder.AddBrokerCluster();
            services.AddHostedService<Security.RevokedHandlerKeys>();
            services.AddHostedService<Security.EndedStaffConnections>();
        }
        return builder;
    }

    /// <summary>MQTT over WebSocket at <c>/mqtt</c> and the <c>/broker/auth/…</c> hooks.</summary>
    public static WebApplication MapBroker(this WebApplication app)
    {
        app.UseWebSockets();
        app.MapBrokerEndpoints();
        return app;
    }
}
