using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace Vigil.Identity.Sms;

/// <summary>Sends through Twilio's Messages API, or anything that speaks it (the base URL is configurable).</summary>
public sealed class TwilioSmsSender(HttpClient http, IOptions<SmsOptions> options, ILogger<TwilioSmsSender> logger) : ISmsSender
{
    public async Task SendAsync(string to, string body, CancellationToken cancellationToken)
    {
        var twilio = options.Value.Twilio;
        var url = $"{twilio.BaseUrl.TrimEnd('/')}/2010-04-01/Accounts/{Uri.EscapeDataString(twilio.AccountSid)}/Messages.json";
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent([new("To", to), new("From", twilio.From), new("Body", body)]),
        };
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{twilio.AccountSid}:{twilio.AuthToken}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new SmsDeliveryException("SMS provider unreachable", unavailable: true, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SmsDeliveryException("SMS provider timed out", unavailable: true, e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("SMS provider answered {Status}", (int)response.StatusCode);
                throw new SmsDeliveryException($"SMS provider refused the message ({(int)response.StatusCode})",
                    unavailable: (int)response.StatusCode >= 500);
            }
        }
    }
}
