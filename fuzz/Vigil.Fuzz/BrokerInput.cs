using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Vigil.Mqtt.Broker;
using Vigil.Mqtt.Protocol;

namespace Vigil.Fuzz;

/// <summary>
/// One fuzz input played into a fresh broker as the bytes of up to four clients connected at once (their scripts in
/// turn: a byte for how many, then each as a 2-byte length and that many bytes), then those clients gone. Whatever the
/// clients sent, every connection must end without an exception escaping the broker, and the broker must still route:
/// a new client that subscribes and publishes gets its own message back. Either failing is a finding.
/// </summary>
internal static class BrokerInput
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    public static void Check(byte[] input) => CheckAsync(input).GetAwaiter().GetResult();

    private static async Task CheckAsync(byte[] input)
    {
        await using var broker = new MqttBroker(new MqttBrokerOptions { PublishRatePerClient = 0, ConnectionRatePerSecond = 0 }, new AllowAllSecurity(), new AllowAllSecurity());
        var clients = Scripts(input).Select(script => Client.Open(broker, script)).ToList();
        foreach (var client in clients)
        {
            await client.SendAsync();
        }
        foreach (var client in clients)
        {
            await client.EndAsync();
        }
        await ProbeAsync(broker);
    }

    private static IEnumerable<byte[]> Scripts(byte[] input)
    {
        if (input.Length == 0)
        {
            yield break;
        }
        var count = 1 + input[0] % 4;
        var at = 1;
        for (var i = 0; i < count && at < input.Length; i++)
        {
            var length = at + 2 <= input.Length ? BinaryPrimitives.ReadUInt16LittleEndian(input.AsSpan(at)) : 0;
            at = Math.Min(at + 2, input.Length);
            length = Math.Min(length, input.Length - at);
            yield return input[at..(at + length)];
            at += length;
        }
    }

    private static async Task ProbeAsync(MqttBroker broker)
    {
        const string topic = "zz-probe/x";
        byte[] script =
        [
            .. PacketWriter.ToArray(new ConnectPacket { ClientId = "zz-probe-7f3", Version = MqttVersion.V500 }, MqttVersion.V500),
            .. PacketWriter.ToArray(new SubscribePacket { PacketId = 1, Subscriptions = [new(topic)] }, MqttVersion.V500),
            .. PacketWriter.ToArray(new PublishPacket { Topic = topic, Payload = "p"u8.ToArray() }, MqttVersion.V500),
        ];
        var probe = Client.Open(broker, script);
        await probe.SendAsync();
        if (!await probe.ReceivesPublishAsync(topic))
        {
            throw new InvalidOperationException("after this input the broker no longer routes a new client's message back to it");
        }
        await probe.EndAsync();
    }

    private sealed class Client(Pipe toBroker, Pipe toClient, Task serving, byte[] script)
    {
        public static Client Open(MqttBroker broker, byte[] script)
        {
            // No back-pressure: a script is sent whole before anything is read, as a client's bytes may arrive.
            var unbounded = new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0);
            var (toBroker, toClient) = (new Pipe(unbounded), new Pipe(unbounded));
            var serving = broker.HandleConnectionAsync(new Duplex(toBroker.Reader, toClient.Writer), null, CancellationToken.None);
            return new Client(toBroker, toClient, serving, script);
        }

        public async Task SendAsync() => await toBroker.Writer.WriteAsync(script);

        /// <summary>Reads the broker's answers until a PUBLISH on <paramref name="topic"/> arrives; false if none does in time.</summary>
        public async Task<bool> ReceivesPublishAsync(string topic)
        {
            using var timeout = new CancellationTokenSource(Patience);
            try
            {
                while (true)
                {
                    var result = await toClient.Reader.ReadAsync(timeout.Token);
                    var buffer = result.Buffer;
                    var received = false;
                    while (!received && PacketReader.TryRead(ref buffer, MqttVersion.V500, int.MaxValue, out var packet))
                    {
                        received = packet is PublishPacket publish && publish.Topic == topic;
                    }
                    toClient.Reader.AdvanceTo(buffer.Start, buffer.End);
                    if (received || result.IsCompleted)
                    {
                        return received;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        /// <summary>The client goes away: its connection must end, without an exception, and close its output.</summary>
        public async Task EndAsync()
        {
            await toBroker.Writer.CompleteAsync();
            var ended = Task.WhenAll(serving, DrainAsync());
            if (await Task.WhenAny(ended, Task.Delay(Patience)) != ended)
            {
                throw new TimeoutException("a connection did not end after its client went away");
            }
            await ended; // rethrows what escaped the broker
        }

        private async Task DrainAsync()
        {
            while (true)
            {
                var result = await toClient.Reader.ReadAsync();
                toClient.Reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
    }

    private sealed record Duplex(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
