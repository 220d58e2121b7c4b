using System.Buffers;
using Vigil.Mqtt.Protocol;

namespace Vigil.Fuzz;

/// <summary>
/// One fuzz input, read as the broker reads a connection's bytes (MqttConnection.RunAsync): acknowledgements and
/// PUBLISHes on their allocation-free paths, everything else through <see cref="PacketReader.TryRead"/>. The first
/// byte picks the version (bit 0: 5.0) and whether CONNECT has already happened (bit 1); the second where the rest
/// is cut in two (<see cref="TwoSegments"/>). Input that breaks the protocol must end in
/// <see cref="MqttProtocolException"/>: any other exception is a finding, and so is a packet that, accepted, does not
/// write back into bytes that read back (<see cref="RoundTrip"/>).
/// </summary>
internal static class MqttInput
{
    private const int MaximumPacketSize = 64 * 1024;

    public static void Check(byte[] input)
    {
        if (input.Length < 2)
        {
            return;
        }
        var version = (input[0] & 1) == 0 ? MqttVersion.V311 : MqttVersion.V500;
        var connected = (input[0] & 2) != 0;
        var buffer = TwoSegments.Of(input.AsMemory(2), input[1]);
        try
        {
            while (true)
            {
                if (connected && PacketReader.TryReadAcknowledgement(ref buffer, version, MaximumPacketSize, out _, out _, out _))
                {
                    continue;
                }
                if (connected && PacketReader.TryReadPublish(ref buffer, version, MaximumPacketSize, out var publish))
                {
                    RoundTrip.Delivery(publish);
                    continue;
                }
                if (!PacketReader.TryRead(ref buffer, connected ? version : null, MaximumPacketSize, out var packet))
                {
                    return;
                }
                if (packet is ConnectPacket connect)
                {
                    (connected, version) = (true, connect.Version);
                }
                RoundTrip.Packet(packet, version);
            }
        }
        catch (MqttProtocolException)
        {
            // The broker closes the connection with this reason: the expected end of a broken input.
        }
    }
}
