namespace Vigil.Identity.Users;

/// <summary>A phone app's user: anonymous (Mamori, with a prefecture) or phone-verified (with a phone hash).</summary>
public sealed class AppUser
{
    public Guid Id { get; set; }
    public int? Prefecture { get; set; }

    /// <summary>base64(SHA-512(salt ‖ E.164)); never the number itself.</summary>
    public string? PhoneHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
