using System.Buffers.Binary;
using Vigil.Broker.Cluster;
using Vigil.Mqtt.Broker;

namespace Vigil.Tests.Broker.Cluster;

/// <summary>The session records nodes keep in JetStream, and records there that are not one.</summary>
public sealed class ClusterSessionCodecTests
{
    private static readonly MqttClusterSession Session = new("phone-1", 3600, DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_123),
        [new MqttClusterSubscription("users/u1/#", 1, 7), new MqttClusterSubscription("news", 0, 0)]);

    [Fact]
    public void A_session_record_reads_back_as_the_session()
    {
        var read = ClusterSessionCodec.ReadSession(ClusterSessionCodec.Write(Session));

        Assert.NotNull(read);
        Assert.Equal((Session.ClientId, Session.ExpiryInterval, Session.DisconnectedAt), (read.ClientId, read.ExpiryInterval, read.DisconnectedAt));
        Assert.Equal(Session.Subscriptions, read.Subscriptions);
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(253_402_300_800_000)] // a millisecond after DateTimeOffset.MaxValue
    public void A_record_disconnected_at_a_time_no_date_can_hold_is_unreadable_rather_than_thrown(long milliseconds)
    {
        // The fuzzer's finding in the cluster envelope (docs/fuzzing.md), in the same form here: it threw out of the
        // watch that mirrors every node's sessions and out of a CONNECT's look-up.
        var bytes = ClusterSessionCodec.Write(Session);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(5), milliseconds);

        Assert.Null(ClusterSessionCodec.ReadSession(bytes));
    }

    [Fact]
    public void A_cut_off_record_is_unreadable()
    {
        var bytes = ClusterSessionCodec.Write(Session);

        Assert.Null(ClusterSessionCodec.ReadSession(bytes[..^3]));
    }
}
