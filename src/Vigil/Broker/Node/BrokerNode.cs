using Microsoft.Extensions.Options;
using Vigil.Broker.Hosting;
using Vigil.Identity;
using Vigil.Infrastructure;
using Vigil.Infrastructure.Database;
using Vigil.Infrastructure.Observability;

namespace Vigil.Broker.Node;

/// <summary>
/// An MQTT-only process (<c>vigil broker</c>): the broker on Vigil's event loops, what it checks callers with (tokens,
/// handler keys, staff stamps, in the same database) and the NATS cluster, without Kestrel, the HTTP APIs or the
/// portal, so that a node that only carries phones' connections holds no more than that needs.
/// </summary>
public static class BrokerNode
{
    /// <summary>
    /// Builds the node from the same configuration sources as <c>vigil serve</c> (ASPNETCORE_ variables included). With
    /// <c>Vigil:Metrics:Port</c> set, the node also answers <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c> on that
    /// port, and nothing else over HTTP; without it, the node runs no HTTP server at all.
    /// </summary>
    public static IHost Build(string[] args)
    {
        var configuration = new ConfigurationManager();
        // vigil serve's web host reads ASPNETCORE_ENVIRONMENT; a node beside it must not fall back to Development.
        configuration.AddEnvironmentVariables("ASPNETCORE_");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            Configuration = configuration,
        });
        if (MetricsOptions.From(builder.Configuration) is { Enabled: true, Port: > 0 } metrics)
        {
            configuration.Dispose();
            return BuildWithMetricsPort(args, metrics.Port);
        }
        AddNode(builder);
        var host = builder.Build();
        EnsureServable(host.Services.GetRequiredService<IOptions<BrokerOptions>>().Value);
        return host;
    }

    private static WebApplication BuildWithMetricsPort(string[] args, int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // Only this port: a node's phones reach it over MQTT, never over HTTP (urls and http_ports are not bound).
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenAnyIP(port));
        AddNode(builder);
        builder.Services.AddHealthChecks().AddCheck<DatabaseConnectionCheck>("database", tags: [InfrastructureExtensions.ReadyTag]);
        builder.AddTelemetry();
        var app = builder.Build();
        EnsureServable(app.Services.GetRequiredService<IOptions<BrokerOptions>>().Value);
        app.UseRequestDurations();
        app.UseObservability();
        app.MapHealthEndpoints();
        return app;
    }

    private static void AddNode(IHostApplicationBuilder builder)
    {
        builder.AddVigilCore(ownsSchema: false);
        builder.AddTokenValidation();
        builder.AddBrokerEngine();
    }

    /// <summary>What a node without Kestrel cannot serve is a start-up error that names the setting.</summary>
    internal static void EnsureServable(BrokerOptions options)
    {
        if (!options.Enabled)
        {
            throw new InvalidOperationException("Vigil:Broker:Enabled is false: vigil broker runs nothing but the broker.");
        }
        if (options.TlsPort > 0)
        {
            throw new InvalidOperationException(
                "Vigil:Broker:TlsPort: vigil broker serves plain MQTT only; terminate TLS in front of it "
                + "(with Vigil:Broker:AllowPlainTcpInProduction=true), or serve TLS from vigil serve.");
        }
        if (options.TcpPort <= 0 || !BrokerEndpoints.ServesTcpOnEventLoop(options))
        {
            throw new InvalidOperationException(
                "Vigil:Broker:TcpPort and Vigil:Broker:TcpTransport: vigil broker serves a plain MQTT port on Vigil's event loops (TcpTransport=EventLoop, TcpPort above 0).");
        }
    }
}
