namespace Vigil.Identity.Phone;

/// <summary>Settings under <c>Vigil:Phone</c>.</summary>
public sealed class PhoneOptions
{
    public const string Section = "Vigil:Phone";

    /// <summary>Country calling code assumed for numbers given without <c>+</c> (1 = North America).</summary>
    public string DefaultCountryCode { get; set; } = "1";

    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Code attempts a session allows; after that many wrong codes it is dead.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Codes sent to one phone number per hour.</summary>
    public int CodesPerPhonePerHour { get; set; } = 5;

    public string MessageTemplate { get; set; } = "Your Vigil verification code is {0}";
}
