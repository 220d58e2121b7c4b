using System.Globalization;
using System.Net;
using Vigil.Mqtt.Broker;
using Vigil.Mqtt.Transport;

namespace Vigil.Bench;

/// <summary>
/// Vigil's MQTT engine alone on its event loop: no host, no security, no database. What it holds idle is the floor
/// under <c>vigil serve</c>'s idle memory (bench/broker/idle.sh).
/// </summary>
internal static class EngineBroker
{
    public static async Task<int> RunAsync(string[] args)
    {
        var index = Array.IndexOf(args, "--port");
        var port = index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : 18832;
        var security = new AllowAllSecurity();
        var broker = new MqttBroker(new MqttBrokerOptions(), security, security);
        await using var listener = new MqttTcpListener(broker, new IPEndPoint(IPAddress.Loopback, port));
        listener.Start();
        Console.WriteLine($"engine broker listening on mqtt://{listener.LocalEndPoint}");
        var stopped = new TaskCompletionSource();
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, context => { context.Cancel = true; stopped.TrySetResult(); });
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stopped.TrySetResult(); };
        await stopped.Task;
        return 0;
    }
}
