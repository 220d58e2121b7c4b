using System.Diagnostics;
using System.Globalization;

namespace Vigil.Mqtt.Tests.Support;

/// <summary>Debian's <c>mosquitto_sub</c> and <c>mosquitto_pub</c> as real interoperability peers.</summary>
public static class Mosquitto
{
    public const string V311 = "mqttv311";
    public const string V5 = "5";

    /// <summary>One line per message from <c>mosquitto_sub -F</c>.</summary>
    public sealed record Received(string Topic, string Payload, int QoS, bool Retained);

    /// <summary>Runs <c>mosquitto_pub</c>; returns its exit code and standard error.</summary>
    /// <remarks>An empty <paramref name="message"/> is sent as a zero-length payload (<c>-n</c>).</remarks>
    public static async Task<(int ExitCode, string Error)> PublishAsync(int port, string version, string topic, string message, int qos = 0, bool retain = false, params string[] extra)
    {
        string[] payload = message.Length == 0 ? ["-n"] : ["-m", message];
        string[] args = ["-h", "127.0.0.1", "-p", Text(port), "-V", version, "-t", topic, .. payload, "-q", Text(qos), .. retain ? ["-r"] : Array.Empty<string>(), .. extra];
        using var process = Start("mosquitto_pub", args);
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        return (process.ExitCode, await error);
    }

    /// <summary>Starts <c>mosquitto_sub</c> and returns once its subscription is acknowledged.</summary>
    public static async Task<Subscriber> SubscribeAsync(int port, string version, string topic, int count, int qos = 0, params string[] extra)
    {
        string[] args = ["-h", "127.0.0.1", "-p", Text(port), "-V", version, "-t", topic, "-q", Text(qos), "-C", Text(count), "-W", "15", "-d",
            "-F", "MSG|%t|%q|%r|%p", .. extra];
        // Line-buffered, or the SUBACK line sits in stdio's buffer while the test waits for it.
        var subscriber = new Subscriber(Start("stdbuf", ["-oL", "mosquitto_sub", .. args]));
        await subscriber.Subscribed.WaitAsync(TimeSpan.FromSeconds(10));
        return subscriber;
    }

    private static Process Start(string program, string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        return Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start (apt-get install mosquitto-clients)");
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    public sealed class Subscriber : IDisposable
    {
        private readonly Process _process;
        private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<string> _lines = [];
        private readonly Task _reading;

        public Subscriber(Process process)
        {
            _process = process;
            _reading = Task.Run(async () =>
            {
                while (await process.StandardOutput.ReadLineAsync() is { } line)
                {
                    lock (_lines)
                    {
                        _lines.Add(line);
                    }
                    if (line.Contains("received SUBACK", StringComparison.Ordinal))
                    {
                        _subscribed.TrySetResult();
                    }
                }
                _subscribed.TrySetException(new InvalidOperationException("mosquitto_sub ended before SUBACK: " + string.Join('\n', _lines) + process.StandardError.ReadToEnd()));
            });
        }

        public Task Subscribed => _subscribed.Task;

        /// <summary>Waits for the subscriber to exit (after its count of messages) and returns them.</summary>
        public async Task<List<Received>> MessagesAsync()
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            await _reading;
            return Parsed();
        }

        /// <summary>What arrived within <paramref name="wait"/> (all of it, if the expected count came sooner).</summary>
        public async Task<List<Received>> MessagesAsync(TimeSpan wait)
        {
            try
            {
                await _process.WaitForExitAsync().WaitAsync(wait);
                await _reading;
            }
            catch (TimeoutException)
            {
            }
            return Parsed();
        }

        private List<Received> Parsed()
        {
            lock (_lines)
            {
                return [.. _lines.Where(l => l.StartsWith("MSG|", StringComparison.Ordinal)).Select(l => l.Split('|', 5))
                    .Select(p => new Received(p[1], p[4], int.Parse(p[2], CultureInfo.InvariantCulture), p[3] == "1"))];
            }
        }

        /// <summary>Everything it printed (debug lines included), for asserting on SUBACK codes and the like.</summary>
        public string Output
        {
            get
            {
                lock (_lines)
                {
                    return string.Join('\n', _lines);
                }
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
            _process.Dispose();
        }
    }
}
