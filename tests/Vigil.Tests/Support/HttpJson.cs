using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Vigil.Tests.Support;

/// <summary>Raw-JSON HTTP helpers: tests send exactly the bytes a client would.</summary>
public static class HttpJson
{
    public sealed record Reply(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Response)
    {
        public string Get(string property) => Json.GetProperty(property).GetString()!;
    }

    public static async Task<Reply> PostAsync(this HttpClient client, string path, string json, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return await SendAsync(client, request);
    }

    public static async Task<Reply> GetAsync(this HttpClient client, string path, string? bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return await SendAsync(client, request);
    }

    /// <summary>Any method, with an optional JSON body and bearer credential.</summary>
    public static async Task<Reply> SendAsync(this HttpClient client, HttpMethod method, string path, string? json = null, string? bearer = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return await SendAsync(client, request);
    }

    public static async Task<Reply> SendAsync(this HttpClient client, HttpRequestMessage request)
    {
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var json = body.TrimStart() is ['{' or '[', ..]
            ? JsonDocument.Parse(body).RootElement.Clone()
            : default;
        return new Reply(response.StatusCode, json, response);
    }

    /// <summary>Asserts a Operator/Mamori-style error: the status, JSON content type and a non-empty message.</summary>
    public static void AssertError(this Reply reply, HttpStatusCode status)
    {
        Assert.Equal(status, reply.Status);
        Assert.Equal("application/json", reply.Response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrWhiteSpace(reply.Get("message")));
    }
}
