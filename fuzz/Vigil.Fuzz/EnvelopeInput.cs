using Vigil.Mqtt;
using Vigil.Mqtt.Broker;
using Vigil.Mqtt.Protocol;

namespace Vigil.Fuzz;

/// <summary>
/// One fuzz input read as a cluster envelope (from NATS, the retained-message store or the session log): the first byte
/// says where the rest is cut in two (<see cref="TwoSegments"/>). Bytes that are not an envelope must be refused
/// (false), never thrown on; an envelope read must write back into one that reads back the same.
/// </summary>
internal static class EnvelopeInput
{
    private const string Topic = "users/u1/contacts";

    public static void Check(byte[] input)
    {
        if (input.Length < 1
            || !MqttClusterEnvelope.TryRead(Topic, TwoSegments.Of(input.AsMemory(1), input[0]), out var message, out var origin, out var sequence))
        {
            return;
        }
        var bytes = new byte[MqttClusterEnvelope.SizeOf(message)];
        MqttClusterEnvelope.Write(bytes, message, origin, sequence);
        if (!MqttClusterEnvelope.TryRead(Topic, new(bytes), out var again, out var originAgain, out var sequenceAgain)
            || (again.QoS, again.Retain, again.ExpiresAt, originAgain, sequenceAgain) != (message.QoS, message.Retain, message.ExpiresAt, origin, sequence)
            || !again.Payload.Span.SequenceEqual(message.Payload.Span))
        {
            throw new InvalidOperationException("an envelope written back does not read back the same");
        }
    }

    /// <summary>The seeds: envelopes of a plain message, and of one with an expiry and properties.</summary>
    public static IEnumerable<(string Name, byte[] Input)> Seeds()
    {
        var plain = new MqttApplicationMessage { Topic = Topic, Payload = "hello"u8.ToArray(), QoS = MqttQoS.AtLeastOnce };
        var full = new MqttApplicationMessage
        {
            Topic = Topic,
            Payload = "{}"u8.ToArray(),
            Retain = true,
            ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000),
            Properties = new MqttProperties { ContentType = "application/json", UserProperties = [new("k", "v")] },
        };
        foreach (var (name, message) in new[] { ("plain", plain), ("full", full) })
        {
            var bytes = new byte[MqttClusterEnvelope.SizeOf(message)];
            MqttClusterEnvelope.Write(bytes, message, Guid.NewGuid(), 42);
            yield return ($"envelope-{name}", [(byte)(bytes.Length / 2), .. bytes]);
        }
    }
}
