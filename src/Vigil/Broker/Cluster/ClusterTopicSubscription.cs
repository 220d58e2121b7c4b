using System.Buffers;
using NATS.Client.Core;
using Vigil.Mqtt.Broker;

namespace Vigil.Broker.Cluster;

/// <summary>
/// The NATS subscription behind one local interest. Messages are handed to the bus on the connection's reader,
/// as they arrive and in order across subscriptions, without an intermediate channel.
/// </summary>
internal sealed class ClusterTopicSubscription(NatsClusterBus bus, NatsConnection connection, string subject, MqttInterest interest)
    : NatsSubBase(connection, connection.SubscriptionManager, subject, interest.ShareGroup is { } group ? NatsSubjects.QueueGroup(group) : null, opts: null)
{
    public MqttInterest Interest { get; } = interest;

    protected override ValueTask ReceiveInternalAsync(string subject, string? replyTo, ReadOnlySequence<byte>? headersBuffer, ReadOnlySequence<byte> payloadBuffer)
    {
        bus.Receive(subject, payloadBuffer, Interest);
        return ValueTask.CompletedTask;
    }

    protected override void TryComplete()
    {
    }
}
