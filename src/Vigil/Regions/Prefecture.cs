namespace Vigil.Regions;

/// <summary>A prefecture and the notice its officials show to the app's users there.</summary>
public sealed class Prefecture
{
    public int Id { get; set; }
    public required string Message { get; set; }

    /// <summary>Access keys allowed to see and change it (<see cref="AccessKeys"/>).</summary>
    public required string AccessControl { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
