namespace Vigil.Mqtt.Broker.Persistence;

/// <summary>What one record of the session log says happened.</summary>
internal enum RecordType : byte
{
    SessionStarted = 1,
    SessionEnded = 2,
    Disconnected = 3,
    Subscribed = 4,
    Unsubscribed = 5,
    Queued = 6,
    Released = 7,
    Acknowledged = 8,
    IncomingQoS2Added = 9,
    IncomingQoS2Removed = 10,
    RetainedSet = 11,
}
