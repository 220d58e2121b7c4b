namespace Vigil.Bench;

/// <summary>Load generators for docs/benchmarks.md. Each command prints what it measured; see bench/exposure/run.sh.</summary>
public static class BenchMain
{
    public static async Task<int> Main(string[] args) => args.FirstOrDefault() switch
    {
        "export-seed" => await ExportBench.SeedAsync(args[1..]),
        "export-build" => await ExportBench.BuildAsync(args[1..]),
        "flows" => await FlowBench.RunAsync(args[1..]),
        "outbreak-export" => await OutbreakBench.RunAsync(args[1..]),
        "care-reports" => await CareBench.RunAsync(args[1..]),
        "mqtt-load" => await MqttBench.RunAsync(args[1..]),
        "engine-broker" => await EngineBroker.RunAsync(args[1..]),
        "token-validation" => await TokenBench.RunAsync(args[1..]),
        "gc-pauses" => GcPauses.Run(args[1..]),
        _ => Usage(),
    };

    private static int Usage()
    {
        Console.Error.WriteLine("""
            usage: Vigil.Bench export-seed  --keys N [config overrides]   insert N keys submitted today
                   Vigil.Bench export-build [config overrides]            build today's export 3 times, print the split
                   Vigil.Bench outbreak-export --events N [config overrides]  seed N events today, build the day's zip 3 times
                   Vigil.Bench care-reports --sessions N [config overrides]   time the seven KPI reports over N sessions
                   Vigil.Bench flows --url U --api-key K [--concurrency C] [--seconds S] [--warmup S]
                                                                          code + claim-key + upload flows per second
                   Vigil.Bench mqtt-load --port P [--connections 5000] [--subscriptions 10] [--rates 5000,10000] [--seconds 60]
                                         [--warmup 10] [--publishers 8] [--pid BROKER_PID] [--jwt-secret B64 --handler-key K]
                                                                          publish→deliver latency, broker CPU and RSS
                   Vigil.Bench engine-broker [--port 18832]               the MQTT engine alone, anyone allowed (idle memory floor)
                   Vigil.Bench token-validation [--tokens 20000]          access tokens validated once each: bytes and µs per token
                   Vigil.Bench gc-pauses TRACE.nettrace [--over 5]        a broker's GC pauses from a dotnet-trace gc-collect trace
            config overrides: --Vigil:DataDirectory=… --Vigil:Database:Provider=postgres --ConnectionStrings:Vigil=…
            """);
        return 2;
    }
}
