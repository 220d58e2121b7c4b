namespace Vigil.Identity.Sms;

/// <summary>Settings under <c>Vigil:Sms</c>.</summary>
public sealed class SmsOptions
{
    public const string Section = "Vigil:Sms";

    /// <summary><c>development</c> (writes to <c>sms-outbox.jsonl</c>) or <c>twilio</c>.</summary>
    public string Sender { get; set; } = "development";

    public TwilioOptions Twilio { get; set; } = new();
}
