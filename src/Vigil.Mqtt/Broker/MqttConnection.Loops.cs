using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Broker;

// The two loops of a connection: packets in, in order; queued packets out, flushed once per batch.
internal sealed partial class MqttConnection
{
    private async Task ReadLoopAsync(CancellationToken cancellationToken)
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
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException
            || e.GetType().Name == "ConnectionResetException")
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
