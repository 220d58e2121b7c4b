namespace Vigil.Exposure.Claims;

/// <summary>Failed claims of one client (IP, or IPv6 /64) for the temporary ban.</summary>
public sealed class ClaimFailure
{
    public required string Client { get; set; }
    public int Failures { get; set; }
    public DateTimeOffset LastFailureAt { get; set; }
}
