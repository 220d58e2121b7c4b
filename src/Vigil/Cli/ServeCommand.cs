using System.CommandLine;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Vigil.Broker.Hosting;
using Vigil.Infrastructure;

namespace Vigil.Cli;

internal static class ServeCommand
{
    public static Command Create()
    {
        var noMigrate = new Option<bool>("--no-migrate") { Description = "Do not apply database migrations at start-up" };
        var command = new Command("serve", "Run the server (the default). Configuration overrides such as --urls http://0.0.0.0:8080 or --Vigil:DataDirectory=/var/lib/vigil may follow.")
        {
            noMigrate,
        };
        Handlers.Set(command, async (context, cancellationToken) =>
        {
            string[] args = context.Parse.GetValue(noMigrate)
                ? [.. context.ConfigArgs, "--Vigil:Database:MigrateAtStartup=false"]
                : [.. context.ConfigArgs];
            await using var app = Program.BuildServer(args);
            InlineSocketIo.Apply(app.Configuration);
            await app.StartAsync(cancellationToken);
            var broker = app.Services.GetRequiredService<IOptions<Broker.BrokerOptions>>().Value;
            // Kestrel lists the MQTT listeners as http:// addresses; name them by what they serve.
            var addresses = (app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
                .Select(a => new Uri(a)).Select(a => a.Port == broker.TcpPort ? $"mqtt://{a.Authority}" : a.Port == broker.TlsPort ? $"mqtts://{a.Authority}" : a.ToString().TrimEnd('/'))
                .Concat(app.Services.GetService<Broker.Hosting.EventLoopListenerService>()?.LocalEndPoint is { } mqtt ? [$"mqtt://{mqtt}"] : []);
            var vigil = app.Services.GetRequiredService<IOptions<VigilOptions>>().Value;
            var dataDirectory = app.Services.GetRequiredService<DataDirectory>().Path;
            await context.Output.WriteLineAsync(
                $"Vigil listening on {string.Join(", ", addresses)} ({app.Environment.EnvironmentName}; database: {vigil.Database.Provider}; data: {dataDirectory})");
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
