using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vigil.Exposure.Claims;
using Vigil.Exposure.Metrics;
using Vigil.Infrastructure.Database;

namespace Vigil.Exposure.Mamori;

public enum TokenVerdict
{
    Valid,
    Invalid,

    /// <summary>The validator could not answer; try again later.</summary>
    Unavailable,
}

/// <summary>Decides whether a health-center token vouches for a positive report.</summary>
public interface IHealthCenterTokenValidator
{
    Task<TokenVerdict> ValidateAsync(string token, CancellationToken cancellationToken);
}

/// <summary>A token is valid iff it is a live, unclaimed one-time code issued by Vigil; validating consumes it.</summary>
public sealed class OneTimeCodeTokenValidator(VigilDb db, OneTimeCodes codes, TimeProvider clock) : IHealthCenterTokenValidator
{
    public async Task<TokenVerdict> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var hash = codes.Hash(token);
        var now = clock.GetUtcNow();
        var code = await db.Set<KeyClaim>().AsNoTracking()
            .SingleOrDefaultAsync(c => c.CodeHash == hash && c.ClaimedAt == null && c.ExpiresAt > now, cancellationToken);
        if (code is null)
        {
            return TokenVerdict.Invalid;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Consumed: claimed without an app key and with no budget, so it can never be used to upload.
        var consumed = await db.Set<KeyClaim>().Where(c => c.Id == code.Id && c.ClaimedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ClaimedAt, now).SetProperty(c => c.RemainingKeys, 0), cancellationToken);
        if (consumed == 1)
        {
            db.RecordMetrics(code.ApiKeyId, code.Region, ExposureMetrics.DayOf(now), c => c.CodesClaimed = 1);
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return consumed == 1 ? TokenVerdict.Valid : TokenVerdict.Invalid;
    }
}

/// <summary>Asks the country's validation service over HTTP.</summary>
public sealed class HttpTokenValidator(HttpClient http, IOptions<MamoriOptions> options, ILogger<HttpTokenValidator> logger) : IHealthCenterTokenValidator
{
    private sealed record Answer(bool Valid);

    public async Task<TokenVerdict> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var url = options.Value.ValidatorUrl ?? throw new InvalidOperationException("Vigil:Exposure:Mamori:ValidatorUrl is not set.");
        try
        {
            using var response = await http.PostAsJsonAsync(url, new { token }, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Health-center token validator answered {Status}", (int)response.StatusCode);
                return TokenVerdict.Unavailable;
            }
            var answer = await response.Content.ReadFromJsonAsync<Answer>(cancellationToken);
            return answer?.Valid == true ? TokenVerdict.Valid : TokenVerdict.Invalid;
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Health-center token validator unreachable: {Error}", e.Message);
            return TokenVerdict.Unavailable;
        }
    }
}
