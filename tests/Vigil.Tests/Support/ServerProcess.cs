using System.Collections.ObjectModel;
using System.Diagnostics;

namespace Vigil.Tests.Support;

/// <summary>
/// A real <c>vigil serve</c> (or <c>vigil broker</c>) in a process of its own (Development, loopback, the given data directory), for what
/// only a process can show: its console output, and what survives <c>kill -9</c>.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly List<string> _errors = [];

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Whether the process has a file of that name mapped (an assembly it loaded), from <c>/proc/&lt;pid&gt;/maps</c>.</summary>
    public bool HasMapped(string fileName) =>
        File.ReadLines($"/proc/{_process.Id}/maps").Any(line => line.EndsWith("/" + fileName, StringComparison.Ordinal));

    /// <summary>What it wrote to standard output so far, line by line.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Starts it on <paramref name="httpPort"/> and waits until <c>/readyz</c> answers.</summary>
    public static Task<ServerProcess> StartAsync(string dataDirectory, int httpPort, params string[] settings) =>
        StartAsync(dataDirectory, httpPort, ReadOnlyDictionary<string, string>.Empty, settings);

    /// <summary>The same, with <paramref name="environment"/> added to the process's environment.</summary>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, int httpPort, IReadOnlyDictionary<string, string> environment, params string[] settings)
    {
        var server = Start(new Uri($"http://127.0.0.1:{httpPort}"), "serve", [$"--urls=http://127.0.0.1:{httpPort}", $"--Vigil:DataDirectory={dataDirectory}", .. settings], environment);
        using var http = new HttpClient { BaseAddress = server.Address };
        for (var i = 0; i < 150; i++)
        {
            try
            {
                if ((await http.GetAsync("/readyz")).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        server.Dispose();
        throw new TimeoutException("vigil serve did not become ready in 15 s");
    }

    /// <summary>A <c>vigil broker</c> (MQTT only) on <paramref name="mqttPort"/>, once it says it listens.</summary>
    public static async Task<ServerProcess> StartBrokerAsync(string dataDirectory, int mqttPort, params string[] settings)
    {
        var server = Start(new Uri($"mqtt://127.0.0.1:{mqttPort}"), "broker", [$"--Vigil:Broker:TcpPort={mqttPort}", $"--Vigil:DataDirectory={dataDirectory}", .. settings]);
        for (var i = 0; i < 150 && !server._process.HasExited; i++)
        {
            if (server.Lines.Any(line => line.StartsWith("Vigil broker listening on", StringComparison.Ordinal)))
            {
                return server;
            }
            await Task.Delay(100);
        }
        server.Dispose();
        throw new TimeoutException($"vigil broker did not start listening in 15 s: {string.Join(" | ", server._errors)}");
    }

    private static ServerProcess Start(Uri address, string command, string[] arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "vigil.dll"), command, "--environment=Development", .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? ReadOnlyDictionary<string, string>.Empty)
        {
            start.Environment[name] = value;
        }
        var server = new ServerProcess(Process.Start(start)!, address);
        server._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (server._lines)
                {
                    server._lines.Add(line);
                }
            }
        };
        server._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (server._errors)
                {
                    server._errors.Add(line);
                }
            }
        };
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        return server;
    }

    /// <summary>SIGKILL: no shutdown, no flush; returns once the process is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
