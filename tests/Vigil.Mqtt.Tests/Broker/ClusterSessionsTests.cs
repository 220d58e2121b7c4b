using System.Collections.Concurrent;
using Vigil.Mqtt.Broker;
using Vigil.Mqtt.Protocol;
using Vigil.Mqtt.Tests.Support;

namespace Vigil.Mqtt.Tests.Broker;

/// <summary>
/// Two brokers over one session store whose records never reach their mirrors: the moment in a real cluster between
/// a node storing a session and another node's mirror holding it (the NATS store itself is tested in Vigil.Tests).
/// </summary>
public sealed class ClusterSessionsTests : IAsyncLifetime
{
    private readonly StoreWithoutMirrors _store = new();
    private TestBroker _first = null!;
    private TestBroker _second = null!;

    public Task InitializeAsync()
    {
        _first = TestBroker.Start(clusterSessions: _store);
        _second = TestBroker.Start(clusterSessions: _store);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Fact]
    public async Task A_client_that_moves_to_a_node_whose_mirror_lacks_its_session_resumes_the_stored_session()
    {
        await LeaveSessionOnFirstNodeAsync("mover");

        await using var moved = await _second.ConnectAsync("mover", configure: o => { Persistent(o); o.CleanStart = false; });

        Assert.True(moved.ConnAck.SessionPresent);
        Assert.Equal(["inbox/mover"], _store.Records["mover"].Subscriptions.Select(s => s.Filter));
        Assert.Null(_store.Records["mover"].DisconnectedAt);
    }

    [Fact]
    public async Task A_clean_start_on_a_node_whose_mirror_lacks_the_session_ends_the_stored_session()
    {
        await LeaveSessionOnFirstNodeAsync("restarter");

        await using var fresh = await _second.ConnectAsync("restarter", configure: o => { Persistent(o); o.CleanStart = true; });

        Assert.False(fresh.ConnAck.SessionPresent);
        Assert.Empty(_store.Records["restarter"].Subscriptions);
        Assert.Contains("restarter", _store.Removed);
    }

    [Fact]
    public async Task A_client_the_store_has_never_seen_gets_a_new_session()
    {
        await using var newcomer = await _second.ConnectAsync("newcomer", configure: o => { Persistent(o); o.CleanStart = false; });

        Assert.False(newcomer.ConnAck.SessionPresent);
        Assert.Equal(1, _store.Reads);
    }

    private static void Persistent(Client.MqttClientOptions options) =>
        options.ConnectProperties = new MqttProperties { SessionExpiryInterval = 600 };

    /// <summary>A persistent session with one subscription, stored by the first node once its client went offline.</summary>
    private async Task LeaveSessionOnFirstNodeAsync(string clientId)
    {
        await using (var phone = await _first.ConnectAsync(clientId, configure: Persistent))
        {
            await phone.SubscribeAsync("inbox/" + clientId, MqttQoS.AtLeastOnce);
            await phone.DisconnectAsync();
        }
        // The DISCONNECT is read on the broker's side after the client has let go.
        for (var i = 0; i < 100 && _store.Records.GetValueOrDefault(clientId)?.DisconnectedAt is null; i++)
        {
            await Task.Delay(20);
        }
        Assert.NotNull(_store.Records[clientId].DisconnectedAt);
    }

    /// <summary>Keeps what brokers store and reads it back; tells no mirror of it and queues nothing.</summary>
    private sealed class StoreWithoutMirrors : IMqttClusterSessions
    {
        public ConcurrentDictionary<string, MqttClusterSession> Records { get; } = new();
        public ConcurrentBag<string> Removed { get; } = [];
        public int Reads;

        public bool IsReady => true;

        public Task Save(MqttClusterSession session)
        {
            Records[session.ClientId] = session;
            return Task.CompletedTask;
        }

        public Task<MqttClusterSession?> ReadAsync(string clientId, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Reads);
            return Task.FromResult(Records.GetValueOrDefault(clientId));
        }

        public void Remove(string clientId)
        {
            Records.TryRemove(clientId, out _);
            Removed.Add(clientId);
        }

        public Task EnqueueAsync(string clientId, MqttClusterDelivery delivery) => Task.CompletedTask;

        public void Attach(string clientId)
        {
        }

        public void Detach(string clientId)
        {
        }

        public void Release(string clientId)
        {
        }
    }
}
