using System.Text.Json;
using Vigil.Infrastructure;

namespace Vigil.Identity.Sms;

/// <summary>Appends each message as one JSON line to <c>{DataDirectory}/sms-outbox.jsonl</c> instead of sending it.</summary>
public sealed class DevelopmentSmsSender(DataDirectory dataDirectory, TimeProvider clock, ILogger<DevelopmentSmsSender> logger)
    : ISmsSender
{
    public const string OutboxFile = "sms-outbox.jsonl";
    private static readonly SemaphoreSlim Gate = new(1, 1);

    // A file for people to read: keep '+' as '+', not \u002B.
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task SendAsync(string to, string body, CancellationToken cancellationToken)
    {
        var line = JsonSerializer.Serialize(new { to, body, sentAt = clock.GetUtcNow() }, Json) + "\n";
        await Gate.WaitAsync(cancellationToken);
        try
        {
            await File.AppendAllTextAsync(dataDirectory.File(OutboxFile), line, cancellationToken);
        }
        finally
        {
            Gate.Release();
        }
        logger.LogInformation("Development SMS written to {Outbox}", dataDirectory.File(OutboxFile));
    }
}
