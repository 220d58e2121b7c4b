using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Identity.Staff;

namespace Vigil.Tests.Support;

public static class StaffFlow
{
    public const string Password = "correct horse battery";

    public static async Task<string> CreateStaffAsync(this VigilApp app, string role, string? region = null)
    {
        var email = $"{role}-{Guid.NewGuid():N}@example.org";
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateAsync(email, Password, [role], region, CancellationToken.None,
            Vigil.Regions.AccessKeys.ForAdmin(role, int.TryParse(region, out var prefecture) ? prefecture : null));
        return email;
    }

    public static async Task<string> StaffTokenAsync(this VigilApp app, HttpClient client, string role, string? region = null)
    {
        var email = await app.CreateStaffAsync(role, region);
        var reply = await client.PostAsync("/staff/login", $$"""{"email":"{{email}}","password":"{{Password}}"}""");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return reply.Get("token");
    }
}
