using System.Collections.Concurrent;
using NATS.Client.JetStream;
using Vigil.Mqtt.Broker;

namespace Vigil.Broker.Cluster;

/// <summary>
/// One persistent session's queue as the node it is attached to reads it: the consumer loop, and the messages handed
/// to the broker that the client has not acknowledged yet (by stream sequence). JetStream redelivers those after the
/// redelivery delay while they are still here; holding them by sequence keeps a second copy from reaching the client.
/// </summary>
internal sealed class SessionQueue(string clientId)
{
    private readonly ConcurrentDictionary<ulong, INatsJSMsg<byte[]>> _outstanding = new();
    private readonly Lock _gate = new();
    private CancellationTokenSource? _consuming;

    public string ClientId { get; } = clientId;

    public void StartConsuming(Func<CancellationToken, Task> consume, CancellationToken stopping)
    {
        lock (_gate)
        {
            _consuming?.Cancel();
            _consuming = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var token = _consuming.Token;
            _ = Task.Run(() => consume(token), token);
        }
    }

    public void StopConsuming()
    {
        lock (_gate)
        {
            _consuming?.Cancel();
            _consuming = null;
        }
    }

    /// <summary>Takes a message from the consumer; false when an earlier delivery of it is still held (the newer one is kept for acknowledging).</summary>
    public bool Hold(INatsJSMsg<byte[]> message, out ulong sequence)
    {
        sequence = message.Metadata?.Sequence.Stream ?? 0;
        var added = _outstanding.TryAdd(sequence, message);
        if (!added)
        {
            _outstanding[sequence] = message;
        }
        return added;
    }

    /// <summary>Acknowledges a held message (it leaves the queue) or returns it (JetStream delivers it again soon).</summary>
    public void Settle(ulong sequence, bool acknowledged)
    {
        if (_outstanding.TryRemove(sequence, out var message))
        {
            _ = acknowledged ? message.AckAsync() : message.NakAsync(new AckOpts { NakDelay = TimeSpan.FromSeconds(1) });
        }
    }

    /// <summary>Returns every held message: the session left this node.</summary>
    public void ReturnAll()
    {
        foreach (var sequence in _outstanding.Keys)
        {
            Settle(sequence, acknowledged: false);
        }
    }

    public sealed class Receipt(SessionQueue queue, ulong sequence) : IMqttDeliveryReceipt
    {
        public void Acknowledged() => queue.Settle(sequence, acknowledged: true);

        public void Returned() => queue.Settle(sequence, acknowledged: false);
    }
}
