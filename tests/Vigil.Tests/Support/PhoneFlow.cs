using System.Net;

namespace Vigil.Tests.Support;

/// <summary>The Operator flow as a client runs it.</summary>
public static class PhoneFlow
{
    private static int _next = 2000;

    /// <summary>A fresh, valid North American number, different on every call.</summary>
    public static string NewPhone() => $"+1555555{Interlocked.Increment(ref _next):D4}";

    public static async Task<string> InitAsync(this VigilApp app, HttpClient client, string phone)
    {
        var reply = await client.PostAsync("/init", $$"""{"phone":"{{phone}}"}""");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return reply.Get("token");
    }

    /// <summary>Runs /init and /verify and returns the token pair.</summary>
    public static async Task<(string Access, string Refresh)> SignInByPhoneAsync(this VigilApp app, HttpClient client, string? phone = null)
    {
        phone ??= NewPhone();
        var session = await app.InitAsync(client, phone);
        var reply = await client.PostAsync("/verify", $$"""{"token":"{{session}}","code":"{{app.LastCodeFor(phone)}}"}""");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return (reply.Get("token"), reply.Get("refresh"));
    }
}
