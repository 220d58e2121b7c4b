namespace Vigil.Mqtt.Broker.Persistence;

/// <summary>Told when the session log has synced what it waits for (<see cref="FileSessionStore.OnDurable"/>).</summary>
internal interface IDurableCallback
{
    /// <summary>Runs on the log's writer thread (or at once): must be quick and must not wait.</summary>
    void Durable();
}
