namespace Vigil.Mqtt.Broker;

/// <summary>A session's deliveries in flight in the order they were sent, linked through the deliveries themselves.</summary>
internal struct InflightOrder
{
    public Delivery? First { get; private set; }
    private Delivery? _last;

    public int Count { get; private set; }

    public void Add(Delivery delivery)
    {
        delivery.Previous = _last;
        if (_last is null)
        {
            First = delivery;
        }
        else
        {
            _last.Next = delivery;
        }
        _last = delivery;
        Count++;
    }

    public void Remove(Delivery delivery)
    {
        if (delivery.Previous is null)
        {
            First = delivery.Next;
        }
        else
        {
            delivery.Previous.Next = delivery.Next;
        }
        if (delivery.Next is null)
        {
            _last = delivery.Previous;
        }
        else
        {
            delivery.Next.Previous = delivery.Previous;
        }
        delivery.Previous = delivery.Next = null;
        Count--;
    }
}
