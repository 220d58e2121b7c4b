namespace Vigil.Identity.Sms;

/// <summary>Sends one text message.</summary>
public interface ISmsSender
{
    /// <exception cref="SmsDeliveryException">The provider refused the message or could not be reached.</exception>
    Task SendAsync(string to, string body, CancellationToken cancellationToken);
}
