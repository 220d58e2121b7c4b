namespace Vigil.Identity.Sms;

/// <summary>Settings under <c>Vigil:Sms</c>.</summary>
public sealed class SmsOptions
{
    public const string Section = "Vigil:Sms";

    /// <summary><c>development</c> (writes to <c>sms-outbox.jsonl</c>) or <c>twilio</c>.</summary>
    public string Sender { get; set; } = "development";

    public TwilioOptions Twilio { get; set; } = new();
}

public sealed class TwilioOptions
{
    public string BaseUrl { get; set; } = "https://api.twilio.com";
    public string AccountSid { get; set; } = "";
    public string AuthToken { get; set; } = "";
    public string From { get; set; } = "";
}

/// <summary>Sends one text message.</summary>
public interface ISmsSender
{
    /// <exception cref="SmsDeliveryException">The provider refused the message or could not be reached.</exception>
    Task SendAsync(string to, string body, CancellationToken cancellationToken);
}

/// <summary>The SMS provider failed; <see cref="Unavailable"/> when it could not be reached at all.</summary>
public sealed class SmsDeliveryException(string message, bool unavailable, Exception? inner = null)
    : Exception(message, inner)
{
    public bool Unavailable { get; } = unavailable;
}
