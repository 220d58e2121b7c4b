using System.Net;
using System.Text.Json;
using Vigil.Tests.Support;

namespace Vigil.Tests.Infrastructure;

/// <summary>One switch turns the real server's console log into JSON lines with trace ids, and no secret reaches them.</summary>
public sealed class JsonLogTests
{
    [Fact]
    public async Task The_server_logs_json_lines_with_trace_ids_and_no_phone_code_or_token_with_one_switch()
    {
        var data = Directory.CreateTempSubdirectory("vigil-jsonlog-").FullName;
        using var server = await ServerProcess.StartAsync(data, FreePort.Next(), "--Vigil:Broker:TcpPort=0", "--Logging:Console:FormatterName=json");
        using var http = new HttpClient { BaseAddress = server.Address };
        var session = (await http.PostAsync("/init", """{"phone":"+15555550188"}""")).Get("token");
        string code;
        using (var outbox = JsonDocument.Parse(File.ReadAllLines(Path.Combine(data, "sms-outbox.jsonl")).Last()))
        {
            code = outbox.RootElement.GetProperty("body").GetString()![^6..];
        }
        var verified = await http.PostAsync("/verify", $$"""{"token":"{{session}}","code":"{{code}}"}""");
        Assert.Equal(HttpStatusCode.OK, verified.Status);
        await server.KillAsync();
        Directory.Delete(data, recursive: true);

        string[] logged = [.. server.Lines.Where(l => l.StartsWith('{'))];
        Assert.NotEmpty(logged);
        var entries = logged.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(entries, e => Assert.True(e.TryGetProperty("Timestamp", out _) && e.TryGetProperty("Category", out _)));
        var sms = entries.Single(e => e.GetProperty("Category").GetString()!.EndsWith("DevelopmentSmsSender", StringComparison.Ordinal));
        Assert.Contains(sms.GetProperty("Scopes").EnumerateArray(), s => s.TryGetProperty("TraceId", out var id) && id.GetString()!.Length == 32);
        var all = string.Join("\n", logged);
        foreach (var secret in new[] { "5555550188", code, session!, verified.Get("token"), verified.Get("refresh") })
        {
            Assert.DoesNotContain(secret, all);
        }
    }
}
