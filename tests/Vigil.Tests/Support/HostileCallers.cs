using System.Net;
using System.Net.Http.Headers;

namespace Vigil.Tests.Support;

/// <summary>One caller of every kind, so each operation can be reached past its authorisation.</summary>
public static class HostileCallers
{
    public static async Task<IReadOnlyList<string?>> TokensAsync(VigilApp app, HttpClient http) =>
    [
        null,
        (await http.PostAsync("/auth/login", """{"prefecture": 13}""")).Get("token"),
        await app.StaffTokenAsync(http, "super_admin"),
        await app.StaffTokenAsync(http, "prefecture_admin", "13"),
        await app.StaffTokenAsync(http, "health_authority", "302"),
        await app.StaffTokenAsync(http, "clinic_admin"),
        await ExposureClient.CreateApiKeyAsync(app),
    ];

    /// <summary>The first caller a benign request of the operation does not refuse with 401 or 403.</summary>
    public static async Task<string?> PermittedAsync(HttpClient http, OpenApiEndpoints.Operation operation, IReadOnlyList<string?> tokens)
    {
        var path = operation.Path;
        foreach (var parameter in operation.Parameters.Where(p => p.In == "path"))
        {
            path = path.Replace("{" + parameter.Name + "}", parameter.Type == "integer" ? "13" : Guid.NewGuid().ToString(), StringComparison.Ordinal);
        }
        foreach (var token in tokens)
        {
            using var request = new HttpRequestMessage(new HttpMethod(operation.Method), path);
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            using var response = await http.SendAsync(request);
            if (response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
            {
                return token;
            }
        }
        return tokens[^1];
    }
}
