using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Tests.Support;

namespace Vigil.Tests.Infrastructure;

/// <summary>
/// Every operation of the OpenAPI document, sent generated hostile input (out-of-range numbers and dates,
/// wrong types, huge and empty bodies, invalid UTF-8, wrong content types, random bytes): never a 5xx, a 4xx
/// wherever the input cannot be valid, and a server that still answers afterwards.
/// </summary>
public sealed class HostileInputTests
{
    public static TheoryData<string> Providers => TestDatabases.All;

    [Theory, MemberData(nameof(Providers))]
    public async Task Every_documented_operation_refuses_hostile_input_with_a_4xx_and_the_server_stays_up(string provider)
    {
        // Real sockets: Kestrel's own request parsing is part of what a hostile client meets.
        using var app = await VigilApp.StartWithSocketsAsync(provider);
        using var http = new HttpClient { BaseAddress = app.HttpAddress };
        var tokens = await HostileCallers.TokensAsync(app, http);
        using var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));
        var operations = OpenApiEndpoints.Read(document);
        var problems = new List<string>();
        var sent = 0;

        foreach (var operation in operations)
        {
            var token = await HostileCallers.PermittedAsync(http, operation, tokens);
            foreach (var (url, mustRefuse) in Urls(operation))
            {
                sent++;
                Check(problems, operation, url, mustRefuse, await SendAsync(http, operation.Method, url, token, null, null));
            }
            if (operation.Method is "GET")
            {
                continue;
            }
            var benign = Fill(operation, _ => null);
            foreach (var (name, body, contentType) in HostileValues.Bodies())
            {
                sent++;
                Check(problems, operation, $"{benign} [{name}]", operation.BodySchema is not null,
                    await SendAsync(http, operation.Method, benign, token, body, contentType));
            }
            foreach (var (field, value) in FieldMutations(operation.BodySchema))
            {
                sent++;
                Check(problems, operation, $"{benign} [{field}]", false,
                    await SendAsync(http, operation.Method, benign, token, Encoding.UTF8.GetBytes(value), "application/json"));
            }
        }

        Assert.True(operations.Count >= 50, $"only {operations.Count} operations in the document");
        Assert.True(operations.Count(o => o.BodySchema is not null) >= 23, "too few operations document their JSON body");
        Assert.Contains(operations, o => o.Path == "/staff/login" && o.BodySchema?["properties"]?["password"] is not null);
        Assert.True(sent > 1_000, $"only {sent} requests sent");
        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n" + string.Join('\n', problems.Take(200)));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/auth/login", """{"prefecture": 13}""")).Status);
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains("unhandled exception", StringComparison.OrdinalIgnoreCase));
    }

    private static void Check(List<string> problems, OpenApiEndpoints.Operation operation, string what, bool mustRefuse, HttpStatusCode status)
    {
        if ((int)status >= 500 || (mustRefuse && (int)status is < 400 or >= 500))
        {
            problems.Add($"{operation.Method} {what} → {(int)status}");
        }
    }

    /// <summary>The operation's URL with one parameter at a time made hostile; whether that value can never be valid.</summary>
    private static IEnumerable<(string Url, bool MustRefuse)> Urls(OpenApiEndpoints.Operation operation)
    {
        yield return (Fill(operation, _ => null), false);
        foreach (var parameter in operation.Parameters)
        {
            foreach (var value in HostileValues.ForParameter(parameter.Type, parameter.Format))
            {
                yield return (Fill(operation, p => p == parameter ? value : null), CannotBeValid(parameter, value));
            }
        }
    }

    /// <summary>
    /// A typed value that does not parse, or a date outside the plausible range (every hostile date is). An
    /// empty path segment is left out: the shorter path may be another operation's.
    /// </summary>
    private static bool CannotBeValid(OpenApiEndpoints.Parameter parameter, string value) =>
        !(parameter.In == "path" && value.Length == 0) && (parameter.Type, parameter.Format) switch
        {
            ("integer", _) => !int.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _),
            (_, "uuid") => !Guid.TryParse(value, out _),
            (_, "date") => true,
            _ => false,
        };

    /// <summary>The path with benign values (or the given one) for its parameters, and the hostile query parameter if any.</summary>
    private static string Fill(OpenApiEndpoints.Operation operation, Func<OpenApiEndpoints.Parameter, string?> hostile)
    {
        var path = operation.Path;
        var query = new List<string>();
        foreach (var parameter in operation.Parameters)
        {
            var value = hostile(parameter);
            if (parameter.In == "path")
            {
                path = path.Replace("{" + parameter.Name + "}", value ?? Benign(parameter), StringComparison.Ordinal);
            }
            else if (value is not null)
            {
                query.Add($"{parameter.Name}={value}");
            }
        }
        return query.Count == 0 ? path : path + "?" + string.Join('&', query);
    }

    private static string Benign(OpenApiEndpoints.Parameter parameter) => (parameter.Type, parameter.Format) switch
    {
        ("integer", _) => "13",
        (_, "uuid") => Guid.NewGuid().ToString(),
        _ => "income-total",
    };

    /// <summary>A plausible body with one field at a time replaced by each hostile value of its type.</summary>
    private static IEnumerable<(string Field, string Body)> FieldMutations(JsonObject? schema)
    {
        if (schema?["properties"] is not JsonObject properties)
        {
            yield break;
        }
        foreach (var (name, property) in properties)
        {
            foreach (var value in HostileValues.ForField(OpenApiEndpoints.TypeOf(property), property?["format"]?.GetValue<string>()))
            {
                var body = OpenApiEndpoints.Plausible(schema)!.AsObject();
                body[name] = value?.DeepClone();
                var text = body.ToJsonString();
                yield return ($"{name}={(text.Length > 80 ? text[..80] + "…" : text)}", text);
            }
        }
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient http, string method, string url, string? token, byte[]? body, string? contentType)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        // Kestrel answers a body over its limit with 413 before reading it all, and closes the connection.
        var oversize = body?.Length > 1024 * 1024;
        request.Headers.ConnectionClose = oversize;
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }
        try
        {
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            return response.StatusCode;
        }
        catch (HttpRequestException) when (oversize)
        {
            return HttpStatusCode.RequestEntityTooLarge;
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException($"{method} {(url.Length > 100 ? url[..100] : url)} with {body?.Length} bytes as {contentType}: {e.Message}", e);
        }
    }
}
