namespace Vigil.Exposure.Mamori;

/// <summary>Decides whether a health-center token vouches for a positive report.</summary>
public interface IHealthCenterTokenValidator
{
    Task<TokenVerdict> ValidateAsync(string token, CancellationToken cancellationToken);
}
