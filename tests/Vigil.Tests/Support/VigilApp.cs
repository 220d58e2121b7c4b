using Microsoft.AspNetCore.Builder;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Vigil.Tests.Support;

/// <summary>
/// The whole Vigil server in memory, on SQLite or on a fresh PostgreSQL database, with its own data
/// directory and a hand-moved clock. Extra settings go in as configuration keys.
/// </summary>
public sealed class VigilApp : WebApplicationFactory<Program>
{
    public const string TestPeerHeader = "X-Test-Peer";

    private readonly Dictionary<string, string?> _settings;

    private VigilApp(string provider, string? connectionString, IDictionary<string, string?>? settings, string environment)
    {
        Provider = provider;
        Environment = environment;
        DataDirectory = Directory.CreateTempSubdirectory("vigil-test-").FullName;
        _settings = new Dictionary<string, string?>
        {
            ["Vigil:DataDirectory"] = DataDirectory,
            ["Vigil:Database:Provider"] = provider,
            ["ConnectionStrings:Vigil"] = connectionString,
            // Generous limits so shared apps do not trip them; the rate-limit tests set their own.
            ["Vigil:RateLimits:init:PermitLimit"] = "10000",
            ["Vigil:RateLimits:verify:PermitLimit"] = "10000",
            ["Vigil:RateLimits:refresh:PermitLimit"] = "10000",
            ["Vigil:RateLimits:login:PermitLimit"] = "10000",
            ["Vigil:Phone:CodesPerPhonePerHour"] = "1000",
            ["Logging:LogLevel:Default"] = "Warning",
            // In memory there is no MQTT TCP port (Kestrel's is never bound under the test server, and the event loop's
            // would be): StartWithSocketsAsync gives one.
            ["Vigil:Broker:TcpPort"] = "0",
            // Tests run retention themselves, at the instants they choose.
            ["Vigil:Exposure:RetentionInterval"] = "1.00:00:00",
            ["Vigil:Outbreaks:RetentionInterval"] = "1.00:00:00",
            ["Vigil:Exposure:Mamori:ValidationInterval"] = "1.00:00:00",
            ["Vigil:Exposure:Mamori:FeedRebuildInterval"] = "1.00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
        if (_settings["Vigil:DataDirectory"] != DataDirectory)
        {
            Directory.Delete(DataDirectory);
            DataDirectory = _settings["Vigil:DataDirectory"]!;
            // A second node on the same data directory: its broker keeps its own session log, as a real node's would.
            _settings.TryAdd("Vigil:Broker:Limits:PersistenceDirectory", Path.Combine(DataDirectory, "broker-" + Guid.NewGuid().ToString("N")[..8]));
        }
    }

    public string Provider { get; }

    /// <summary>The PostgreSQL connection string, for a CLI command run against this app's database; null on SQLite.</summary>
    public string? ConnectionStringOrNull => _settings["ConnectionStrings:Vigil"];

    /// <summary>Settings for a second node that shares only this app's database (not its data directory).</summary>
    public Dictionary<string, string?> SameDatabaseSettings() => new()
    {
        ["ConnectionStrings:Vigil"] = _settings["ConnectionStrings:Vigil"] ?? $"Data Source={Path.Combine(DataDirectory, "vigil.db")}",
    };

    /// <summary>
    /// Settings for a second node of this app: the same database (PostgreSQL database, or SQLite file) and the
    /// same data directory, so both sign and check tokens with the same generated keys.
    /// </summary>
    public Dictionary<string, string?> SharedDatabaseSettings() => new()
    {
        ["Vigil:DataDirectory"] = DataDirectory,
        ["ConnectionStrings:Vigil"] = _settings["ConnectionStrings:Vigil"],
    };
    public string Environment { get; }
    public string DataDirectory { get; private set; }
    public ManualClock Clock { get; } = new();
    public CapturedLogs Logs { get; } = new();

    public static async Task<VigilApp> StartAsync(
        string provider, IDictionary<string, string?>? settings = null, string environment = "Development")
    {
        var connectionString = provider == TestDatabases.Postgres && settings?.ContainsKey("ConnectionStrings:Vigil") != true
            ? await PostgresServer.CreateDatabaseAsync()
            : null;
        var app = new VigilApp(provider, connectionString, settings, environment);
        app.StartServer();
        return app;
    }

    /// <summary>
    /// The server on real Kestrel sockets: HTTP on a free loopback port and the MQTT listener on
    /// <see cref="MqttPort"/>, for tests that need real MQTT clients.
    /// </summary>
    public static async Task<VigilApp> StartWithSocketsAsync(string provider, IDictionary<string, string?>? settings = null)
    {
        var mqttPort = FreePort.Next();
        var httpUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var all = new Dictionary<string, string?>
        {
            ["urls"] = httpUrl.ToString().TrimEnd('/'),
            ["Vigil:Broker:TcpPort"] = mqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Vigil:Broker:Limits:HousekeepingInterval"] = "00:00:00.200",
            ["Vigil:Broker:RevokedKeyCheckInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var connectionString = provider == TestDatabases.Postgres ? await PostgresServer.CreateDatabaseAsync() : null;
        var app = new VigilApp(provider, connectionString, all, "Development") { MqttPort = mqttPort, HttpAddress = httpUrl };
        app.UseKestrel();
        app.StartServer();
        // Kestrel lists the MQTT endpoint among its addresses too; HTTP clients must use the HTTP one.
        app.ClientOptions.BaseAddress = httpUrl;
        return app;
    }

    /// <summary>The HTTP address when started with sockets.</summary>
    public Uri? HttpAddress { get; private init; }

    /// <summary>The MQTT TCP port when started with sockets.</summary>
    public int MqttPort { get; private init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IStartupFilter, TestPeerAddress>();
            services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs);
        });
    }

    /// <summary>The codes the development SMS sender wrote, newest last.</summary>
    public IReadOnlyList<(string To, string Code)> SentCodes()
    {
        var outbox = Path.Combine(DataDirectory, "sms-outbox.jsonl");
        if (!File.Exists(outbox))
        {
            return [];
        }
        return File.ReadAllLines(outbox).Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            var body = json.RootElement.GetProperty("body").GetString()!;
            return (json.RootElement.GetProperty("to").GetString()!, body[^6..]);
        }).ToList();
    }

    public string LastCodeFor(string e164) => SentCodes().Last(m => m.To == e164).Code;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned eventually.
        }
    }

    /// <summary>TestServer has no peer address; this lets a test say which address a request comes from.</summary>
    private sealed class TestPeerAddress : IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) =>
            app =>
            {
                app.Use((context, nextMiddleware) =>
                {
                    context.Connection.RemoteIpAddress = context.Request.Headers.TryGetValue(TestPeerHeader, out var peer)
                        ? IPAddress.Parse(peer.ToString())
                        : IPAddress.Loopback;
                    return nextMiddleware(context);
                });
                next(app);
            };
    }
}
