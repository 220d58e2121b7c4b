using Microsoft.Extensions.Logging;
using Vigil.Mqtt.Protocol;
using Vigil.Mqtt.Transport;

namespace Vigil.Mqtt.Broker;

// The two loops of a connection: packets in, in order (in RunAsync, with the connection's end); queued packets out, flushed once per batch.
internal sealed partial class MqttConnection
{
    /// <summary>
    /// The connection's life: the writer loop started, then packets read and handled in order until the peer or the broker
    /// ends it, then the session's end. The read loop is written here rather than awaited as a method of its own, which
    /// would keep a second state machine per connection for its whole life.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Called directly, not through Task.Run: its first await (an empty queue) returns at once, and a Task.Run
        // wrapper would stay allocated for the connection's life.
        var writer = WriteLoopAsync();
        // One registration for the connection's life rather than one per read: it is what a pending read costs in memory.
        using var registration = cancellationToken.UnsafeRegister(static state => ((MqttConnection)state!).Close(), this);
        try
        {
            var input = _transport.Input;
            while (Volatile.Read(ref _closing) == 0)
            {
                // Not cancellable: Close() (the token, the connect deadline, the broker stopping) cancels the pending read.
                var result = await input.ReadAsync(CancellationToken.None).ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    return;
                }
                Volatile.Write(ref _lastReceived, Environment.TickCount64);
                var buffer = result.Buffer;
                _outgoing.Hold();
                try
                {
                    while (Volatile.Read(ref _closing) == 0)
                    {
                        if (IsConnected && PacketReader.TryReadAcknowledgement(ref buffer, Version, _broker.Options.MaximumPacketSize, out var type, out var packetId, out _))
                        {
                            HandleAcknowledgement(type, packetId);
                            continue;
                        }
                        if (IsConnected && PacketReader.TryReadPublish(ref buffer, Version, _broker.Options.MaximumPacketSize, out var publish))
                        {
                            HandlePublish(in publish);
                            continue;
                        }
                        if (!PacketReader.TryRead(ref buffer, IsConnected ? Version : null, _broker.Options.MaximumPacketSize, out var packet))
                        {
                            break;
                        }
                        if (packet is ConnectPacket connect && !IsConnected)
                        {
                            await HandleConnectAsync(connect, cancellationToken).ConfigureAwait(false);
                        }
                        else if (packet is SubscribePacket or UnsubscribePacket && IsConnected)
                        {
                            await HandleSubscriptionChangeAsync(packet).ConfigureAwait(false);
                        }
                        else if (!Handle(packet))
                        {
                            return;
                        }
                    }
                }
                finally
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                    _outgoing.ReleaseAtBatchEnd();
                }
                await ReleaseHeldAcksAsync().ConfigureAwait(false);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (MqttProtocolException e)
        {
            _broker.Logger.LogDebug("Closing MQTT connection {Client} from {Remote}: {Reason}", ClientId, RemoteEndPoint, e.Message);
            if (!IsConnected && e.ReasonCode == MqttProtocolException.UnsupportedProtocolVersion)
            {
                TrySend(new Outgoing(new ConnAckPacket { ReasonCode = ConnectCodes.V311UnacceptableVersion }), droppable: false);
            }
            Close(e.ReasonCode);
        }
        catch (Exception e) when (PeerGone.Is(e))
        {
            // The peer went away or the server is stopping: nothing to tell anyone.
        }
        finally
        {
            _outgoing.Complete();
            _broker.OnClosed(this);
            _abortWrites.CancelAfter(WriteGracePeriod);
            await writer.ConfigureAwait(false);
            await _transport.Input.CompleteAsync().ConfigureAwait(false);
            _abortWrites.Dispose();
            _broker.Forget(this);
        }
    }

    private async Task WriteLoopAsync()
    {
        var output = _transport.Output;
        try
        {
            while (await _outgoing.WaitToReadAsync().ConfigureAwait(false))
            {
                var unflushed = 0;
                while (_outgoing.TryRead(out var item))
                {
                    Interlocked.Decrement(ref _queued);
                    unflushed += item.Packet is { } packet ? PacketWriter.Write(output, packet, Version)
                        : item.Acknowledgement != 0 ? PublishAckPacket.Write(output, item.Acknowledgement, item.PacketId, item.ReasonCode, Version)
                        : WriteDelivery(output, item);
                    if (unflushed > 64 * 1024)
                    {
                        await output.FlushAsync(_abortWrites.Token).ConfigureAwait(false);
                        unflushed = 0;
                    }
                }
                if ((await output.FlushAsync(_abortWrites.Token).ConfigureAwait(false)).IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (PeerGone.Is(e))
        {
            // The peer stopped reading or went away.
        }
        finally
        {
            Close();
            try
            {
                await output.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
                // Completing flushes what is left; the peer may be gone.
            }
        }
    }
}
