using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Vigil.Tests.Support;

/// <summary>
/// A real NATS cluster with JetStream (Debian's nats-server): each server on random loopback ports with a store
/// directory of its own under one temporary directory, routed to the others. Servers can be stopped and started
/// again (same ports, same store) to test what Vigil does when NATS fails. A server that exits while the cluster
/// starts (a port taken meanwhile by another process) makes it start again on new ports; its output is in the error.
/// </summary>
public sealed class NatsCluster : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/nats-server";
    private readonly string _directory;
    private readonly Server[] _servers;

    private sealed record Server(int Index, int ClientPort, int ClusterPort, int MonitorPort, string Config)
    {
        public Process? Process { get; set; }

        public ConcurrentQueue<string> Output { get; } = new();
    }

    private sealed class ServerExitedException(string message) : Exception(message);

    private NatsCluster(string directory, Server[] servers) => (_directory, _servers) = (directory, servers);

    /// <summary>The cluster's client URLs, comma-separated (the form of Vigil:Broker:Cluster:NatsUrls).</summary>
    public string Urls => string.Join(",", _servers.Select(s => $"nats://127.0.0.1:{s.ClientPort}"));

    public static async Task<NatsCluster> StartAsync(int size = 3)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"The cluster tests need NATS at {Binary}: apt-get install nats-server (.ci/run does).");
        }
        for (var attempt = 1; ; attempt++)
        {
            var nats = await LaunchAsync(size);
            try
            {
                await nats.WaitForJetStreamAsync();
                return nats;
            }
            catch (ServerExitedException) when (attempt < 3)
            {
                await nats.DisposeAsync();
            }
            catch
            {
                await nats.DisposeAsync();
                throw;
            }
        }
    }

    private static async Task<NatsCluster> LaunchAsync(int size)
    {
        var directory = Directory.CreateTempSubdirectory("vigil-nats-").FullName;
        var ports = Enumerable.Range(0, size).Select(_ => (FreePort.Next(), FreePort.Next(), FreePort.Next())).ToArray();
        var servers = new Server[size];
        for (var i = 0; i < size; i++)
        {
            var (client, cluster, monitor) = ports[i];
            var routes = string.Join(", ", ports.Where((_, j) => j != i).Select(p => $"\"nats://127.0.0.1:{p.Item2}\""));
            var config = Path.Combine(directory, $"n{i}.conf");
            await File.WriteAllTextAsync(config, $$"""
                server_name: n{{i}}
                listen: 127.0.0.1:{{client}}
                http: 127.0.0.1:{{monitor}}
                jetstream { store_dir: "{{Path.Combine(directory, $"store-{i}")}}" }
                cluster { name: vigil-test, listen: 127.0.0.1:{{cluster}}, routes: [{{routes}}] }
                """);
            servers[i] = new Server(i, client, cluster, monitor, config);
        }
        var nats = new NatsCluster(directory, servers);
        foreach (var server in servers)
        {
            nats.Launch(server);
        }
        return nats;
    }

    /// <summary>Stops server <paramref name="index"/> (SIGKILL: as a crash).</summary>
    public async Task StopAsync(int index)
    {
        if (_servers[index].Process is { } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
            process.Dispose();
            _servers[index].Process = null;
        }
    }

    /// <summary>Starts the servers again on their ports and stores; waits until JetStream has a leader.</summary>
    public async Task RestartAsync(params int[] indexes)
    {
        foreach (var index in indexes)
        {
            Launch(_servers[index]);
        }
        await WaitForJetStreamAsync();
    }

    private void Launch(Server server)
    {
        var process = Process.Start(new ProcessStartInfo(Binary, ["-c", server.Config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, line) => Keep(server, line.Data);
        process.ErrorDataReceived += (_, line) => Keep(server, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        server.Process = process;
    }

    private static void Keep(Server server, string? line)
    {
        if (line is null)
        {
            return;
        }
        server.Output.Enqueue(line);
        while (server.Output.Count > 200 && server.Output.TryDequeue(out _))
        {
        }
    }

    private string Logs() => string.Join("\n", _servers.Select(s => $"--- n{s.Index}:\n" + string.Join("\n", s.Output.TakeLast(20))));

    private async Task WaitForJetStreamAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (_servers.FirstOrDefault(s => s.Process is { HasExited: true }) is { } exited)
            {
                throw new ServerExitedException($"NATS server n{exited.Index} exited while the cluster started:\n{Logs()}");
            }
            var ready = 0;
            foreach (var server in _servers.Where(s => s.Process is not null))
            {
                try
                {
                    var jsz = await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{server.MonitorPort}/jsz");
                    if (jsz.TryGetProperty("meta_cluster", out var meta) && meta.TryGetProperty("leader", out var leader) && leader.GetString() is { Length: > 0 })
                    {
                        ready++;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
                {
                }
            }
            if (ready == _servers.Count(s => s.Process is not null))
            {
                return;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"the NATS cluster did not elect a JetStream leader in 60 s:\n{Logs()}");
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < _servers.Length; i++)
        {
            await StopAsync(i);
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
