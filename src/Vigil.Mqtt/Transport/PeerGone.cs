namespace Vigil.Mqtt.Transport;

/// <summary>The exceptions a connection's loops expect when the peer goes away or the process stops.</summary>
internal static class PeerGone
{
    // Kestrel's ConnectionResetException is not public API, hence the name.
    public static bool Is(Exception e) =>
        e is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException
        || e.GetType().Name == "ConnectionResetException";
}
