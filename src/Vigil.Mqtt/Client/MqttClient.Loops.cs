using Vigil.Mqtt.Protocol;
using Vigil.Mqtt.Transport;

namespace Vigil.Mqtt.Client;

public sealed partial class MqttClient
{
    /// <summary>Sends any packet as is (tests use it to send what a well-behaved client would not).</summary>
    public async Task SendAsync(MqttPacket packet)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            PacketWriter.Write(_transport.Output, packet, _options.Version);
            await _transport.Output.FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Sends raw bytes (for malformed-input tests).</summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _transport.Output.WriteAsync(bytes).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private PublishPacket ToPacket(MqttApplicationMessage message, ushort packetId) => new()
    {
        Topic = message.Topic,
        Payload = message.Payload,
        QoS = message.QoS,
        Retain = message.Retain,
        PacketId = packetId,
        Properties = _options.Version == MqttVersion.V500 ? message.Properties : null,
    };

    private ushort NextPacketId()
    {
        while (true)
        {
            var id = (ushort)(Interlocked.Increment(ref _nextPacketId) % 65535 + 1);
            if (!_pending.ContainsKey(id))
            {
                return id;
            }
        }
    }

    private Task<MqttPacket> Expect(ushort packetId)
    {
        var source = new TaskCompletionSource<MqttPacket>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[packetId] = source;
        return source.Task;
    }

    private void Answer(ushort packetId, MqttPacket packet)
    {
        if (_pending.TryRemove(packetId, out var source))
        {
            source.TrySetResult(packet);
        }
    }

    private async Task ReadLoopAsync()
    {
        var input = _transport.Input;
        DisconnectPacket? disconnect = null;
        try
        {
            while (disconnect is null)
            {
                var result = await input.ReadAsync(_stop.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    while (disconnect is null && PacketReader.TryRead(ref buffer, _options.Version, int.MaxValue, out var packet))
                    {
                        disconnect = packet as DisconnectPacket;
                        await DispatchAsync(packet).ConfigureAwait(false);
                    }
                }
                finally
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                }
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is MqttProtocolException || PeerGone.Is(e))
        {
        }
        finally
        {
            _messages.Writer.TryComplete();
            _closed.TrySetResult(disconnect);
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new IOException("the connection closed before the broker answered"));
            }
        }
    }

    private async Task DispatchAsync(MqttPacket packet)
    {
        switch (packet)
        {
            case ConnAckPacket connAck:
                _connAck.TrySetResult(connAck);
                break;
            case PublishPacket publish:
                await ReceiveAsync(publish).ConfigureAwait(false);
                break;
            case PublishAckPacket { Type: PacketType.PubRec } received when received.ReasonCode < 0x80:
                await SendAsync(new PublishAckPacket(PacketType.PubRel, received.PacketId)).ConfigureAwait(false);
                break;
            case PublishAckPacket { Type: PacketType.PubRel } release:
                lock (_receivedQoS2)
                {
                    _receivedQoS2.Remove(release.PacketId);
                }
                await SendAsync(new PublishAckPacket(PacketType.PubComp, release.PacketId)).ConfigureAwait(false);
                break;
            case PublishAckPacket ack:
                Answer(ack.PacketId, ack);
                break;
            case SubAckPacket subAck:
                Answer(subAck.PacketId, subAck);
                break;
            case PingPacket { Type: PacketType.PingResp }:
                _pong?.TrySetResult();
                break;
        }
    }

    private async Task ReceiveAsync(PublishPacket publish)
    {
        var topic = publish.Topic;
        if (publish.Properties?.TopicAlias is { } alias)
        {
            if (topic.Length > 0)
            {
                _inboundAliases[alias] = topic;
            }
            else if (!_inboundAliases.TryGetValue(alias, out topic))
            {
                throw new MqttProtocolException($"the broker used topic alias {alias} before setting it");
            }
        }
        var duplicate = false;
        if (publish.QoS == MqttQoS.ExactlyOnce)
        {
            lock (_receivedQoS2)
            {
                duplicate = !_receivedQoS2.Add(publish.PacketId);
            }
        }
        var message = new MqttReceivedMessage(topic, publish);
        if (!duplicate)
        {
            _messages.Writer.TryWrite(message);
        }
        if (_options.AutoAcknowledge || duplicate)
        {
            await AcknowledgeAsync(message).ConfigureAwait(false);
        }
    }

    private async Task PingLoopAsync(TimeSpan interval)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(interval, _stop.Token).ConfigureAwait(false);
                await SendAsync(PingPacket.Request).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    /// <summary>Closes the connection without DISCONNECT.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }
        _stop.Cancel();
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _transport.Output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
        }
        finally
        {
            _writeLock.Release();
        }
        if (_owner is not null)
        {
            await _owner.DisposeAsync().ConfigureAwait(false);
        }
        await _reading.ConfigureAwait(false);
        await _pinging.ConfigureAwait(false);
    }
}
