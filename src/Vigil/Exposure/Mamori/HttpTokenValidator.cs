using Microsoft.Extensions.Options;

namespace Vigil.Exposure.Mamori;

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
