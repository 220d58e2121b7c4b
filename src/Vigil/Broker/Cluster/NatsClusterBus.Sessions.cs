using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;
using Vigil.Mqtt.Broker;

namespace Vigil.Broker.Cluster;

// Persistent sessions in JetStream: each session's record in a key-value bucket that every node mirrors, and its
// queued messages in one stream, a subject per session, read by a durable consumer per session on the node the
// session is attached to. Records, queues and consumers are replicated as the bucket for retained messages is.
public sealed partial class NatsClusterBus : IMqttClusterSessions
{
    private enum SessionChangeKind { Save, Remove, Attach }

    private readonly record struct SessionChange(SessionChangeKind Kind, string ClientId, MqttClusterSession? Record = null, TaskCompletionSource? Stored = null);

    private readonly Channel<SessionChange> _sessionChanges = Channel.CreateUnbounded<SessionChange>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, SessionQueue> _queues = new(StringComparer.Ordinal);
    private NatsJSContext? _sessionStream;
    private INatsKVStore? _sessionsBucket;
    private volatile bool _sessionsMirrored;
    private Task? _applyingSessionChanges;

    private string SessionsBucket => _options.SubjectPrefix + "_sessions";
    private string QueueStream => _options.SubjectPrefix + "_session_queues";
    private string QueueSubject(string key) => $"{_options.SubjectPrefix}.session_queue.{key}";

    /// <inheritdoc/>
    public bool IsReady => _sessionsMirrored;

    public Task Save(MqttClusterSession session)
    {
        var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_sessionChanges.Writer.TryWrite(new(SessionChangeKind.Save, session.ClientId, session, stored)))
        {
            stored.TrySetException(new InvalidOperationException("the node is leaving the cluster"));
        }
        return stored.Task;
    }

    public async Task<MqttClusterSession?> ReadAsync(string clientId, CancellationToken cancellationToken)
    {
        var bucket = _sessionsBucket ?? throw new InvalidOperationException("the session records in JetStream are not open");
        // A deleted or purged key is "not found" here as well: no session either way.
        var entry = await bucket.TryGetEntryAsync<byte[]>(SessionKey(clientId), cancellationToken: cancellationToken).ConfigureAwait(false);
        return entry.Success && entry.Value.Value is { } value ? ClusterSessionCodec.ReadSession(value) : null;
    }

    public void Remove(string clientId)
    {
        StopQueue(clientId, returnOutstanding: false);
        _sessionChanges.Writer.TryWrite(new(SessionChangeKind.Remove, clientId));
    }

    public async Task EnqueueAsync(string clientId, MqttClusterDelivery delivery)
    {
        var subject = QueueSubject(SessionKey(clientId));
        var data = ClusterSessionCodec.Write(delivery, NodeId);
        // One id for every attempt: JetStream keeps a single copy when an attempt it stored timed out on the way back.
        var options = new NatsJSPubOpts { MsgId = $"{NodeId:N}-{Interlocked.Increment(ref _sequence)}" };
        for (var attempt = 1; ; attempt++)
        {
            var stream = _sessionStream ?? throw new InvalidOperationException("the session queues in JetStream are not open");
            try
            {
                (await stream.PublishAsync(subject, data, opts: options).ConfigureAwait(false)).EnsureSuccess();
                return;
            }
            catch (Exception e) when (attempt < EnqueueAttempts && e is NatsException or TimeoutException)
            {
                // A NATS server went away under the publish; the client reconnects to another within a second or two.
                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt)).ConfigureAwait(false);
            }
        }
    }

    private const int EnqueueAttempts = 8;

    public void Attach(string clientId)
    {
        _queues.GetOrAdd(clientId, id => new SessionQueue(id));
        _sessionChanges.Writer.TryWrite(new(SessionChangeKind.Attach, clientId));
    }

    public void Detach(string clientId)
    {
        if (_queues.TryGetValue(clientId, out var queue))
        {
            queue.StopConsuming();
        }
    }

    public void Release(string clientId) => StopQueue(clientId, returnOutstanding: true);

    private void StopQueue(string clientId, bool returnOutstanding)
    {
        if (_queues.TryRemove(clientId, out var queue))
        {
            queue.StopConsuming();
            if (returnOutstanding)
            {
                queue.ReturnAll(); // the node taking the session over gets them now, not after the redelivery delay
            }
        }
    }

    // Keys and subject tokens: the client id's SHA-256 in hex, so any client id fits and none shows in NATS.
    private static string SessionKey(string clientId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(clientId)))[..40];

    private async Task SessionsLoopAsync(CancellationToken stopping)
    {
        var jetStream = new NatsJSContext(Connection);
        var bucket = await new NatsKVContext(jetStream).CreateOrUpdateStoreAsync(
            new NatsKVConfig(SessionsBucket) { History = 1, NumberOfReplicas = _options.Replicas, Storage = NatsKVStorageType.File }, stopping);
        await jetStream.CreateOrUpdateStreamAsync(new StreamConfig(QueueStream, [QueueSubject("*")])
        {
            Retention = StreamConfigRetention.Workqueue,
            Storage = StreamConfigStorage.File,
            NumReplicas = _options.Replicas,
            // The per-session bound of a node's own queues, kept by JetStream: the oldest go first.
            MaxMsgsPerSubject = _broker!.Options.MaximumQueuedMessages,
            Discard = StreamConfigDiscard.Old,
        }, stopping);
        _sessionStream = jetStream;
        _sessionsBucket = bucket;
        if (_applyingSessionChanges is null)
        {
            // Started once: it retries each change itself, and the bucket and stream objects outlive reconnects.
            _applyingSessionChanges = ApplySessionChangesAsync(bucket, jetStream, stopping);
        }
        await MirrorSessionsAsync(bucket, stopping);
    }

    private async Task MirrorSessionsAsync(INatsKVStore bucket, CancellationToken stopping)
    {
        var clientIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var options = new NatsKVWatchOpts
        {
            OnNoData = _ =>
            {
                _sessionsMirrored = true;
                return ValueTask.FromResult(false);
            },
        };
        await foreach (var entry in bucket.WatchAsync<byte[]>(opts: options, cancellationToken: stopping))
        {
            if (entry.Operation == NatsKVOperation.Put && entry.Value is { } value && ClusterSessionCodec.ReadSession(value) is { } record)
            {
                clientIds[entry.Key] = record.ClientId;
                _broker!.SessionStoredInCluster(record);
            }
            else if (entry.Operation is NatsKVOperation.Del or NatsKVOperation.Purge && clientIds.Remove(entry.Key, out var clientId))
            {
                _broker!.SessionRemovedFromCluster(clientId);
            }
            if (entry.Delta == 0)
            {
                _sessionsMirrored = true;
            }
        }
    }

    /// <summary>Applies the changes in order; one that fails (NATS away, JetStream electing leaders) is tried again until it is applied.</summary>
    private async Task ApplySessionChangesAsync(INatsKVStore bucket, NatsJSContext jetStream, CancellationToken stopping)
    {
        await foreach (var change in _sessionChanges.Reader.ReadAllAsync(stopping))
        {
            while (true)
            {
                try
                {
                    await ApplyAsync(change, bucket, jetStream, stopping);
                    change.Stored?.TrySetResult();
                    break;
                }
                catch (Exception e) when (!stopping.IsCancellationRequested)
                {
                    _logger.LogDebug("A persistent session's change was not stored in JetStream ({Reason}); trying again", e.Message);
                    await Task.Delay(TimeSpan.FromSeconds(1), stopping);
                }
            }
        }
    }

    private async Task ApplyAsync(SessionChange change, INatsKVStore bucket, NatsJSContext jetStream, CancellationToken stopping)
    {
        var key = SessionKey(change.ClientId);
        switch (change.Kind)
        {
            case SessionChangeKind.Save:
                await bucket.PutAsync(key, ClusterSessionCodec.Write(change.Record!), cancellationToken: stopping);
                break;
            case SessionChangeKind.Remove:
                await RemoveStoredSessionAsync(bucket, jetStream, key, stopping);
                break;
            case SessionChangeKind.Attach when _queues.TryGetValue(change.ClientId, out var queue):
                queue.StartConsuming(token => ConsumeAsync(jetStream, queue, key, token), stopping);
                break;
        }
    }

    private async Task RemoveStoredSessionAsync(INatsKVStore bucket, NatsJSContext jetStream, string key, CancellationToken stopping)
    {
        await bucket.DeleteAsync(key, cancellationToken: stopping);
        try
        {
            await jetStream.DeleteConsumerAsync(QueueStream, key, stopping);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
        }
        await jetStream.PurgeStreamAsync(QueueStream, new StreamPurgeRequest { Filter = QueueSubject(key) }, stopping);
    }

    // Short pulls with frequent heartbeats: a pull that a NATS server took with it when it died is noticed (two missed
    // heartbeats) and pulled again from the consumer's new leader within seconds, at one pull per 10 s per online session.
    private static readonly NatsJSConsumeOpts ConsumeOptions = new() { MaxMsgs = 200, Expires = TimeSpan.FromSeconds(10), IdleHeartbeat = TimeSpan.FromSeconds(2) };

    private async Task ConsumeAsync(NatsJSContext jetStream, SessionQueue queue, string key, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            try
            {
                var consumer = await jetStream.CreateOrUpdateConsumerAsync(QueueStream, new ConsumerConfig(key)
                {
                    FilterSubject = QueueSubject(key),
                    AckPolicy = ConsumerConfigAckPolicy.Explicit,
                    AckWait = _options.SessionRedeliveryDelay,
                    MaxAckPending = 1000,
                }, token);
                await foreach (var message in consumer.ConsumeAsync<byte[]>(opts: ConsumeOptions, cancellationToken: token))
                {
                    if (!queue.Hold(message, out var sequence))
                    {
                        continue; // a redelivery of what this node still has for the client
                    }
                    if (message.Data is not { } data || !ClusterSessionCodec.TryRead(data, out var delivery))
                    {
                        _logger.LogWarning("An unreadable message in a session queue was dropped");
                        queue.Settle(sequence, acknowledged: true);
                        continue;
                    }
                    _broker!.DeliverFromClusterQueue(queue.ClientId, delivery, message.Metadata?.NumDelivered > 1, new SessionQueue.Receipt(queue, sequence));
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // NATS away, or JetStream electing leaders after a server left: the session's messages wait in its queue.
                _logger.LogDebug("Reading a session queue failed ({Reason}); trying again", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
