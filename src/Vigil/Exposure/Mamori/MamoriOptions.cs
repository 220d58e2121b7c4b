namespace Vigil.Exposure.Mamori;

/// <summary>Settings under <c>Vigil:Exposure:Mamori</c>.</summary>
public sealed class MamoriOptions
{
    public const string Section = "Vigil:Exposure:Mamori";

    /// <summary>The feed holds IDs valid from local midnight 14 days ago in this time zone.</summary>
    public string TimeZone { get; set; } = "Asia/Tokyo";

    public TimeSpan FeedRebuildInterval { get; set; } = TimeSpan.FromMinutes(10);
    public TimeSpan ValidationInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>vigil</c>: a token is valid iff it is a live one-time code issued by Vigil (consumed on use); <c>http</c>: ask <see cref="ValidatorUrl"/>.</summary>
    public string Validator { get; set; } = "vigil";

    /// <summary>POSTed <c>{"token": "…"}</c>; answers 200 <c>{"valid": true|false}</c>.</summary>
    public string? ValidatorUrl { get; set; }

    public int MaxTempIds { get; set; } = 2016;
}
