using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Vigil.Mqtt;
using Vigil.Mqtt.Client;
using Vigil.Mqtt.Protocol;

namespace Vigil.Bench;

/// <summary>
/// The broker load of docs/benchmarks.md, the same against any broker: N subscriber connections × S
/// topics each (one subscriber per topic, QoS 1), publishers at a fixed rate to random topics, and the
/// publish→deliver latency of every message. Reads the broker's CPU and memory from /proc.
/// </summary>
public static class MqttBench
{
    /// <param name="PublishPort">Where the publishers connect (another node of a cluster); by default <paramref name="Port"/>.</param>
    /// <param name="Others">More processes whose CPU counts per message (the other node, NATS servers), by label.</param>
    private sealed record Settings(int Port, int Connections, int Subscriptions, int[] Rates, int Seconds, int Warmup, int Publishers, int? Pid,
        string? JwtSecret, string? HandlerKey, int PayloadBytes, int PublishPort, (string Label, int Pid)[] Others, bool Persistent);

    public static async Task<int> RunAsync(string[] args)
    {
        var s = Parse(args);
        var topics = s.Connections * s.Subscriptions;
        var rssBefore = Proc.RssKiB(s.Pid);
        var recorder = new LatencyRecorder(s.Rates.Max() * (s.Seconds + s.Warmup) * 2);
        var watch = Stopwatch.StartNew();
        // In two halves: the first also pays what a process spends once on its first connections (code compiled,
        // threads and pools grown); the second half's growth is what one more connection costs.
        var half = s.Connections / 2;
        var subscribers = await ConnectSubscribersAsync(s, recorder, 0, half);
        var rssHalf = Proc.RssKiB(s.Pid);
        subscribers.AddRange(await ConnectSubscribersAsync(s, recorder, half, s.Connections));
        Console.WriteLine($"connected {s.Connections} subscribers × {s.Subscriptions} topics = {topics} subscriptions in {watch.Elapsed.TotalSeconds:F1} s");
        var rssConnected = Proc.RssKiB(s.Pid);
        if (rssBefore is { } before && rssHalf is { } middle && rssConnected is { } after)
        {
            Console.WriteLine($"broker memory: {after / 1024.0:F0} MiB RSS with all connected; {(after - before) * 1024.0 / s.Connections / 1024:F1} KiB per connection from idle, "
                + $"{(after - middle) * 1024.0 / (s.Connections - half) / 1024:F1} KiB per connection over the second half (subscriptions included)");
        }
        var publishers = new List<MqttClient>();
        for (var i = 0; i < s.Publishers; i++)
        {
            publishers.Add(await MqttClient.ConnectAsync(Options(s, $"bench-pub-{i}", s.HandlerKey is null ? null : "handler:bench", s.HandlerKey, s.PublishPort)));
        }
        if (args.Contains("--offline"))
        {
            return await FillOfflineSessionsAsync(s, subscribers, publishers);
        }
        Console.WriteLine("rate/s  sent      delivered  lost   p50 ms  p99 ms  max ms  broker cpu s/1000 msg  broker RSS MiB  ctx switches/msg  user share");
        foreach (var rate in s.Rates)
        {
            await PublishAsync(s, publishers, rate, TimeSpan.FromSeconds(s.Warmup), recorder, measure: false);
            recorder.Reset();
            recorder.Phase++;
            var cpuBefore = Proc.Cpu(s.Pid);
            var othersBefore = s.Others.Select(o => Proc.Cpu(o.Pid)).ToArray();
            var switchesBefore = Proc.ContextSwitches(s.Pid);
            var measuredFrom = DateTime.UtcNow;
            var sent = await PublishAsync(s, publishers, rate, TimeSpan.FromSeconds(s.Seconds), recorder, measure: true);
            var measuredTo = DateTime.UtcNow;
            await Task.Delay(1000);
            var cpu = Proc.Cpu(s.Pid) - cpuBefore;
            var others = s.Others.Select((o, i) => (o.Label, Cpu: Proc.Cpu(o.Pid) - othersBefore[i])).ToArray();
            var switches = Proc.ContextSwitches(s.Pid) - switchesBefore;
            var (count, p50, p99, max) = recorder.Summary();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{rate,6}  {sent,8}  {count,9}  {sent - count,5}  {p50,6:F1}  {p99,6:F1}  {max,6:F1}  {(cpu is { } c ? (c.Total / (count / 1000.0)).ToString("F4", CultureInfo.InvariantCulture) : "n/a"),21}  {(Proc.RssKiB(s.Pid) ?? 0) / 1024.0,14:F0}  {(switches is { } n && count > 0 ? (n / (double)count).ToString("F2", CultureInfo.InvariantCulture) : "n/a"),16}  {(cpu is { Total: > 0 } t ? (t.User / t.Total).ToString("P0", CultureInfo.InvariantCulture) : "n/a"),10}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"        measured from {measuredFrom:HH:mm:ss.fff} to {measuredTo:HH:mm:ss.fff} UTC"));
            foreach (var (label, other) in others)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"        {label}: {(other is { } o && count > 0 ? (o.Total / (count / 1000.0)).ToString("F3", CultureInfo.InvariantCulture) : "n/a")} cpu s/1000 msg"));
            }
        }
        foreach (var client in publishers.Concat(subscribers))
        {
            await client.DisposeAsync();
        }
        return 0;
    }

    /// <summary>
    /// <c>--offline</c> (with <c>--persistent</c>): the subscribers leave, then RATE × SECONDS messages are published to
    /// their sessions and acknowledged — the state a restart must bring back.
    /// </summary>
    private static async Task<int> FillOfflineSessionsAsync(Settings s, List<MqttClient> subscribers, List<MqttClient> publishers)
    {
        foreach (var subscriber in subscribers)
        {
            await subscriber.DisconnectAsync();
            await subscriber.DisposeAsync();
        }
        var recorder = new LatencyRecorder(1);
        var sent = await PublishAsync(s, publishers, s.Rates[0], TimeSpan.FromSeconds(s.Seconds), recorder, measure: false);
        Console.WriteLine($"queued {sent} acknowledged QoS 1 messages for {s.Connections} offline sessions");
        foreach (var publisher in publishers)
        {
            await publisher.DisposeAsync();
        }
        return 0;
    }

    private static async Task<List<MqttClient>> ConnectSubscribersAsync(Settings s, LatencyRecorder recorder, int from, int to)
    {
        var clients = new MqttClient[to - from];
        using var gate = new SemaphoreSlim(64);
        await Task.WhenAll(Enumerable.Range(from, to - from).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var user = $"u{i}";
                var options = Options(s, $"bench-sub-{i}", s.JwtSecret is null ? null : "JWT", s.JwtSecret is null ? null : Jwt(user, s.JwtSecret));
                if (s.Persistent)
                {
                    // Persistent sessions: the broker keeps (and, with persistence, logs) every QoS 1 message for them.
                    options.CleanStart = false;
                    options.ConnectProperties = new MqttProperties { SessionExpiryInterval = 3600 };
                }
                var client = await MqttClient.ConnectAsync(options);
                var codes = await client.SubscribeAsync([.. Enumerable.Range(0, s.Subscriptions).Select(j => new TopicSubscription($"{user}_t{j}", MqttQoS.AtLeastOnce))]);
                if (codes.Any(c => c >= 0x80))
                {
                    throw new InvalidOperationException($"subscription refused for {user}");
                }
                clients[i - from] = client;
                _ = Task.Run(async () =>
                {
                    await foreach (var message in client.Messages.ReadAllAsync())
                    {
                        recorder.Record(message.Packet.Payload.Span);
                    }
                });
            }
            finally
            {
                gate.Release();
            }
        }));
        return [.. clients];
    }

    /// <summary>Publishes at <paramref name="rate"/> per second for the duration, paced every 5 ms; returns how many were sent.</summary>
    private static async Task<long> PublishAsync(Settings s, List<MqttClient> publishers, int rate, TimeSpan duration, LatencyRecorder recorder, bool measure)
    {
        recorder.Measuring = measure;
        var random = new Random(rate);
        var payload = new byte[s.PayloadBytes];
        long sent = 0;
        var clock = Stopwatch.StartNew();
        var pending = new List<Task>();
        while (clock.Elapsed < duration)
        {
            var due = (long)(clock.Elapsed.TotalSeconds * rate) - sent;
            for (var i = 0; i < due; i++)
            {
                var message = (byte[])payload.Clone();
                BitConverter.TryWriteBytes(message, Stopwatch.GetTimestamp());
                message[8] = recorder.Phase;
                var topic = $"u{random.Next(s.Connections)}_t{random.Next(s.Subscriptions)}";
                pending.Add(publishers[(int)(sent % publishers.Count)].PublishAsync(new MqttApplicationMessage { Topic = topic, Payload = message, QoS = MqttQoS.AtLeastOnce }));
                sent++;
            }
            if (pending.Count > 10_000)
            {
                pending.RemoveAll(t => t.IsCompleted);
            }
            await Task.Delay(5);
        }
        await Task.WhenAll(pending);
        return sent;
    }

    private static MqttClientOptions Options(Settings s, string clientId, string? username, string? password, int? port = null) => new()
    {
        Port = port ?? s.Port,
        ClientId = clientId,
        Username = username,
        Password = password,
        Version = MqttVersion.V500,
        KeepAlive = 300,
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>An HS256 token of the bench's own issuer (configured in Vigil as a trusted external issuer).</summary>
    private static string Jwt(string subject, string base64Secret)
    {
        static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = Encode(Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}"""));
        var exp = DateTimeOffset.UtcNow.AddHours(6).ToUnixTimeSeconds();
        var body = Encode(Encoding.UTF8.GetBytes($$"""{"iss":"bench","sub":"{{subject}}","exp":{{exp}}}"""));
        var signature = Encode(HMACSHA256.HashData(Convert.FromBase64String(base64Secret), Encoding.ASCII.GetBytes(header + "." + body)));
        return $"{header}.{body}.{signature}";
    }

    private static Settings Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var rates = (Value("--rates") ?? "5000").Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToArray();
        return new Settings(Int("--port", 1883), Int("--connections", 5000), Int("--subscriptions", 10), rates, Int("--seconds", 60), Int("--warmup", 10),
            Int("--publishers", 8), Value("--pid") is { } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : null, Value("--jwt-secret"), Value("--handler-key"),
            Int("--payload", 64), Int("--publish-port", Int("--port", 1883)),
            [.. (Value("--other-pids") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(o => o.Split('=')).Select(p => (p[0], int.Parse(p[1], CultureInfo.InvariantCulture)))],
            args.Contains("--persistent"));
    }

    /// <summary>Latencies in microseconds, from the send timestamp in each payload.</summary>
    private sealed class LatencyRecorder(int capacity)
    {
        private readonly long[] _samples = new long[capacity];
        private readonly long[] _sentAt = new long[capacity];
        private int _count;

        public bool Measuring { get; set; }

        /// <summary>Stamped into every payload, so late deliveries of an earlier phase are not counted in this one.</summary>
        public byte Phase { get; set; }

        public void Record(ReadOnlySpan<byte> payload)
        {
            if (!Measuring || payload.Length < 9 || payload[8] != Phase)
            {
                return;
            }
            var sentAt = BitConverter.ToInt64(payload);
            var micros = Stopwatch.GetElapsedTime(sentAt).Ticks / 10;
            var index = Interlocked.Increment(ref _count) - 1;
            if (index < _samples.Length)
            {
                _samples[index] = micros;
                _sentAt[index] = sentAt;
            }
        }

        public void Reset() => Interlocked.Exchange(ref _count, 0);

        public (long Count, double P50, double P99, double Max) Summary()
        {
            var count = Math.Min(Volatile.Read(ref _count), _samples.Length);
            if (count == 0)
            {
                return (0, 0, 0, 0);
            }
            if (Environment.GetEnvironmentVariable("VIGIL_BENCH_RECEIPTS") is { Length: > 0 } receipts)
            {
                // Each measured message's send timestamp (its key on the wire) and its latency in µs, for
                // bench/broker/timeline.py to split a message's time into the broker's part and the receiver's.
                File.WriteAllLines(receipts, Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"{_sentAt[i]} {_samples[i]}")));
            }
            var sorted = _samples[..count];
            Array.Sort(sorted);
            return (count, sorted[count / 2] / 1000.0, sorted[Math.Min(count - 1, count * 99 / 100)] / 1000.0, sorted[^1] / 1000.0);
        }
    }
}
