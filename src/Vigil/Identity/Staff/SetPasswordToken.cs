namespace Vigil.Identity.Staff;

/// <summary>A single-use, 24-hour token with which a new staff member sets a first password. Only its hash is kept.</summary>
public sealed class SetPasswordToken
{
    public required string Id { get; set; }
    public Guid StaffId { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}
