namespace Vigil.Mqtt.Protocol;

/// <summary>Which property may appear in which packet (MQTT 5.0 §2.2.2.2).</summary>
internal static class PropertyRules
{
    private const int Will = 16; // a pseudo packet type for the will properties inside CONNECT

    private static readonly ushort[] AllowedIn = Build();

    public static bool IsAllowed(byte id, PacketType packet, bool will) =>
        id < AllowedIn.Length && (AllowedIn[id] & (1 << ((will ? Will : (int)packet) - 1))) != 0;

    private static ushort[] Build()
    {
        var table = new ushort[0x2B];
        void Allow(byte id, params int[] packets)
        {
            foreach (var packet in packets)
            {
                table[id] |= (ushort)(1 << (packet - 1));
            }
        }
        const int connect = 1, connack = 2, publish = 3, puback = 4, pubrec = 5, pubrel = 6, pubcomp = 7,
            subscribe = 8, suback = 9, unsuback = 11, disconnect = 14, auth = 15;
        Allow(0x01, publish, Will);
        Allow(0x02, publish, Will);
        Allow(0x03, publish, Will);
        Allow(0x08, publish, Will);
        Allow(0x09, publish, Will);
        Allow(0x0B, publish, subscribe);
        Allow(0x11, connect, connack, disconnect);
        Allow(0x12, connack);
        Allow(0x13, connack);
        Allow(0x15, connect, connack, auth);
        Allow(0x16, connect, connack, auth);
        Allow(0x17, connect);
        Allow(0x18, Will);
        Allow(0x19, connect);
        Allow(0x1A, connack);
        Allow(0x1C, connack, disconnect);
        Allow(0x1F, connack, puback, pubrec, pubrel, pubcomp, suback, unsuback, disconnect, auth);
        Allow(0x21, connect, connack);
        Allow(0x22, connect, connack);
        Allow(0x23, publish);
        Allow(0x24, connack);
        Allow(0x25, connack);
        Allow(0x26, [.. Enumerable.Range(1, Will)]);
        Allow(0x27, connect, connack);
        Allow(0x28, connack);
        Allow(0x29, connack);
        Allow(0x2A, connack);
        return table;
    }
}
