namespace Vigil.Mqtt.Broker;

// The QoS 1/2 deliveries in flight (under the session's gate): an intrusive list in the order sent, with no node
// object per delivery, searched by packet id while it is short; past IndexFrom deliveries also an index by packet id,
// dropped when nothing is left in flight.
internal sealed partial class MqttSession
{
    private const int IndexFrom = 8;
    private InflightOrder _inflightOrder;
    private Dictionary<ushort, Delivery>? _inflightIndex;
    private ushort _lastPacketId;

    public int InflightCount => _inflightOrder.Count;

    private void Track(Delivery inflight)
    {
        _inflightOrder.Add(inflight);
        if (_inflightIndex is not null)
        {
            _inflightIndex[inflight.PacketId] = inflight;
        }
        else if (_inflightOrder.Count > IndexFrom)
        {
            _inflightIndex = new Dictionary<ushort, Delivery>(_inflightOrder.Count * 2);
            for (var delivery = _inflightOrder.First; delivery is not null; delivery = delivery.Next)
            {
                _inflightIndex[delivery.PacketId] = delivery;
            }
        }
    }

    private void Untrack(Delivery inflight)
    {
        _inflightOrder.Remove(inflight);
        if (_inflightOrder.Count == 0)
        {
            _inflightIndex = null; // kept until then, so that a count going up and down past IndexFrom does not rebuild it
        }
        else
        {
            _inflightIndex?.Remove(inflight.PacketId);
        }
    }

    private Delivery? FindInflight(ushort packetId)
    {
        if (_inflightIndex is not null)
        {
            return _inflightIndex.GetValueOrDefault(packetId);
        }
        for (var delivery = _inflightOrder.First; delivery is not null; delivery = delivery.Next)
        {
            if (delivery.PacketId == packetId)
            {
                return delivery;
            }
        }
        return null;
    }

    private ushort NextPacketId()
    {
        do
        {
            _lastPacketId = (ushort)(_lastPacketId == ushort.MaxValue ? 1 : _lastPacketId + 1);
        }
        while (FindInflight(_lastPacketId) is not null);
        return _lastPacketId;
    }
}
