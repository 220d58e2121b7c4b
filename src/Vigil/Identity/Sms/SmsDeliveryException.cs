namespace Vigil.Identity.Sms;

/// <summary>The SMS provider failed; <see cref="Unavailable"/> when it could not be reached at all.</summary>
public sealed class SmsDeliveryException(string message, bool unavailable, Exception? inner = null)
    : Exception(message, inner)
{
    public bool Unavailable { get; } = unavailable;
}
