using System.Buffers;
using System.Threading.Channels;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;
using Vigil.Mqtt;

namespace Vigil.Broker.Cluster;

// Retained messages: one JetStream key-value bucket for the cluster, mirrored by every node.
public sealed partial class NatsClusterBus
{
    private readonly Channel<MqttApplicationMessage> _retained = Channel.CreateUnbounded<MqttApplicationMessage>(new UnboundedChannelOptions { SingleReader = true });

    private string RetainedBucket => _options.SubjectPrefix + "_retained";

    public void RetainedChanged(MqttApplicationMessage message) => _retained.Writer.TryWrite(message);

    /// <summary>Whether the retained-message bucket is open (until then retained messages wait on this node).</summary>
    public bool RetainedShared { get; private set; }

    private async Task RetainedLoopAsync(CancellationToken stopping)
    {
        var store = await OpenBucketAsync(stopping);
        RetainedShared = true;
        await Task.WhenAll(WatchRetainedAsync(store, stopping), StoreRetainedAsync(store, stopping));
    }

    private async Task<INatsKVStore> OpenBucketAsync(CancellationToken stopping)
    {
        var context = new NatsKVContext(new NatsJSContext(Connection));
        while (true)
        {
            try
            {
                return await context.CreateOrUpdateStoreAsync(
                    new NatsKVConfig(RetainedBucket) { History = 1, NumberOfReplicas = _options.Replicas, Storage = NatsKVStorageType.File }, stopping);
            }
            catch (NatsJSException e)
            {
                _logger.LogError("Retained messages cannot be shared: the JetStream bucket {Bucket} is not available ({Reason}); trying again",
                    RetainedBucket, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stopping);
            }
        }
    }

    private async Task StoreRetainedAsync(INatsKVStore store, CancellationToken stopping)
    {
        await foreach (var message in _retained.Reader.ReadAllAsync(stopping))
        {
            var key = Key(message.Topic);
            try
            {
                if (message.Payload.IsEmpty)
                {
                    await store.DeleteAsync(key, cancellationToken: stopping);
                }
                else
                {
                    var data = new byte[Mqtt.Broker.MqttClusterEnvelope.SizeOf(message)];
                    Mqtt.Broker.MqttClusterEnvelope.Write(data, message, NodeId, 0);
                    await store.PutAsync(key, data, cancellationToken: stopping);
                }
            }
            catch (NatsJSException e)
            {
                _logger.LogWarning("A retained message on {Topic} was kept on this node only: {Reason}", message.Topic, e.Message);
            }
        }
    }

    private async Task WatchRetainedAsync(INatsKVStore store, CancellationToken stopping)
    {
        await foreach (var entry in store.WatchAsync<byte[]>(cancellationToken: stopping))
        {
            if (_broker is not { } broker || Topic(entry.Key) is not { } topic)
            {
                continue;
            }
            if (entry.Operation == NatsKVOperation.Put && entry.Value is { } value
                && Mqtt.Broker.MqttClusterEnvelope.TryRead(topic, new ReadOnlySequence<byte>(value), out var message, out _, out _))
            {
                broker.SetRetainedFromCluster(message);
            }
            else if (entry.Operation is NatsKVOperation.Del or NatsKVOperation.Purge)
            {
                broker.SetRetainedFromCluster(new MqttApplicationMessage { Topic = topic, Retain = true });
            }
        }
    }

    // Bucket keys allow [-/_=.A-Za-z0-9]: the topic's UTF-8 in base64url.
    private static string Key(string topic) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(topic)).Replace('+', '-').Replace('/', '_');

    private static string? Topic(string key)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(key.Replace('-', '+').Replace('_', '/')));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
