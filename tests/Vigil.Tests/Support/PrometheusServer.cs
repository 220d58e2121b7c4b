using System.Diagnostics;
using System.Text.Json;

namespace Vigil.Tests.Support;

/// <summary>A real Prometheus (Debian's package) scraping one target every second, in a temporary directory of its own.</summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus";
    private readonly Process _process;
    private readonly string _directory;

    private PrometheusServer(Process process, string directory, Uri address) => (_process, _directory, Address) = (process, directory, address);

    public Uri Address { get; }

    public static async Task<PrometheusServer> StartAsync(Uri target)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"The metrics tests need Prometheus at {Binary}: apt-get install prometheus (.ci/run does).");
        }
        var directory = Directory.CreateTempSubdirectory("vigil-prometheus-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: vigil
                static_configs:
                  - targets: ["{target.Authority}"]
            """);
        var port = FreePort.Next();
        var process = Process.Start(new ProcessStartInfo(Binary, [
            $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}", $"--web.listen-address=127.0.0.1:{port}",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>The first sample's value of an instant query, waiting up to <paramref name="seconds"/> for one to exist.</summary>
    public async Task<double?> QueryAsync(string promql, int seconds = 30)
    {
        using var http = new HttpClient { BaseAddress = Address };
        for (var waited = 0; waited < seconds * 4; waited++)
        {
            try
            {
                using var json = JsonDocument.Parse(await http.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString(promql)));
                var results = json.RootElement.GetProperty("data").GetProperty("result");
                if (results.GetArrayLength() > 0)
                {
                    return double.Parse(results[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(250);
        }
        return null;
    }

    /// <summary>The query's value once <paramref name="done"/> holds for it (the next scrapes may be needed), or its last value.</summary>
    public async Task<double?> WaitForAsync(string promql, Func<double, bool> done, int seconds = 20)
    {
        double? value = null;
        for (var waited = 0; waited < seconds * 4; waited++)
        {
            value = await QueryAsync(promql, seconds: 1);
            if (value is { } v && done(v))
            {
                return v;
            }
            await Task.Delay(250);
        }
        return value;
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
