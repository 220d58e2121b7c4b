using System.Buffers.Binary;
using System.Text;
using NATS.Client.Core;
using Vigil.Mqtt.Broker;

namespace Vigil.Broker.Cluster;

// What nodes tell each other besides messages: client-id claims, their figures, stale exports.
public sealed partial class NatsClusterBus
{
    private readonly Dictionary<Guid, (DateTimeOffset At, long[] Figures)> _nodes = [];
    private Action<string, string>? _exportStale;

    private string ClaimsSubject => _options.SubjectPrefix + ".c";
    private string StatisticsSubject => _options.SubjectPrefix + ".s";
    private string ExportsSubject => _options.SubjectPrefix + ".x";

    /// <summary>Tells the other nodes that today's <paramref name="kind"/> export of <paramref name="mcc"/> changed.</summary>
    public void ExportStale(string kind, string mcc) => _outbox.Writer.TryWrite((ExportsSubject, NodeMessage(kind + "/" + mcc)));

    public MqttClusterTotals? Totals
    {
        get
        {
            if (_broker is not { } broker)
            {
                return null;
            }
            var fresh = DateTimeOffset.UtcNow - _options.StatisticsInterval * 3;
            long[] sum = [broker.Statistics.ClientsConnected, broker.SubscriptionCount, broker.Statistics.MessagesReceived, broker.Statistics.MessagesSent, broker.Statistics.MessagesDropped];
            var nodes = 1;
            lock (_nodes)
            {
                foreach (var (_, (at, figures)) in _nodes)
                {
                    if (at < fresh)
                    {
                        continue;
                    }
                    nodes++;
                    for (var i = 0; i < sum.Length; i++)
                    {
                        sum[i] += figures[i];
                    }
                }
            }
            return new MqttClusterTotals(nodes, sum[0], sum[1], sum[2], sum[3], sum[4]);
        }
    }

    private byte[] NodeMessage(string text)
    {
        var data = new byte[16 + Encoding.UTF8.GetByteCount(text)];
        NodeId.TryWriteBytes(data);
        Encoding.UTF8.GetBytes(text, data.AsSpan(16));
        return data;
    }

    private async Task NodeLoopsAsync(CancellationToken stopping) => await Task.WhenAll(
        ListenAsync(ClaimsSubject, (origin, data) => _broker?.TakeOverFromCluster(Encoding.UTF8.GetString(data)), stopping),
        ListenAsync(ExportsSubject, (origin, data) =>
        {
            var text = Encoding.UTF8.GetString(data);
            var slash = text.IndexOf('/');
            if (slash > 0)
            {
                _exportStale?.Invoke(text[..slash], text[(slash + 1)..]);
            }
        }, stopping),
        ListenAsync(StatisticsSubject, (origin, data) =>
        {
            if (data.Length == 5 * 8)
            {
                var figures = new long[5];
                for (var i = 0; i < figures.Length; i++)
                {
                    figures[i] = BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(i * 8));
                }
                lock (_nodes)
                {
                    _nodes[origin] = (DateTimeOffset.UtcNow, figures);
                }
            }
        }, stopping),
        ReportFiguresAsync(stopping));

    /// <summary>Hands the other nodes' messages on <paramref name="subject"/> to <paramref name="handle"/> (with the sender and the body).</summary>
    private async Task ListenAsync(string subject, Action<Guid, byte[]> handle, CancellationToken stopping)
    {
        await foreach (var message in Connection.SubscribeAsync<byte[]>(subject, cancellationToken: stopping))
        {
            if (message.Data is { Length: >= 16 } data && new Guid(data.AsSpan(0, 16)) is var origin && origin != NodeId)
            {
                handle(origin, data[16..]);
            }
        }
    }

    private async Task ReportFiguresAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_options.StatisticsInterval);
        while (await timer.WaitForNextTickAsync(stopping))
        {
            if (_broker is not { } broker)
            {
                continue;
            }
            var data = new byte[16 + 5 * 8];
            NodeId.TryWriteBytes(data);
            long[] figures = [broker.Statistics.ClientsConnected, broker.SubscriptionCount, broker.Statistics.MessagesReceived, broker.Statistics.MessagesSent, broker.Statistics.MessagesDropped];
            for (var i = 0; i < figures.Length; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(16 + i * 8), figures[i]);
            }
            _outbox.Writer.TryWrite((StatisticsSubject, data));
        }
    }
}
