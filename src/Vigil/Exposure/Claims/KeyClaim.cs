namespace Vigil.Exposure.Claims;

/// <summary>
/// One one-time code and the server keypair made for it. Claiming binds an app key to it and opens a
/// 15-day upload window with a key budget.
/// </summary>
public sealed class KeyClaim
{
    public Guid Id { get; set; }

    /// <summary>HMAC of the normalised code: codes are looked up, never stored.</summary>
    public required string CodeHash { get; set; }

    /// <summary>The health authority's own 128-character id for the person, when it gave one.</summary>
    public string? HashId { get; set; }

    public Guid ApiKeyId { get; set; }
    public required string Region { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public required byte[] ServerPublicKey { get; set; }
    /// <summary>The Curve25519 secret key, sealed by <see cref="KeypairProtector"/>.</summary>
    public required byte[] ServerSecretKey { get; set; }
    public byte[]? AppPublicKey { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }

    /// <summary>00:00 UTC of the day the code was created: the 15-day upload window starts here.</summary>
    public DateTimeOffset? WindowStart { get; set; }

    public int RemainingKeys { get; set; }
    public DateTimeOffset? FirstUploadAt { get; set; }
}
