using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Identity.Auth;
using Vigil.Infrastructure.Database;
using Vigil.Tests.Support;

namespace Vigil.Tests.Portal;

/// <summary>The portal's Data Protection key ring lives in the database, sealed, so every node accepts every node's sign-in.</summary>
public sealed class PortalKeyRingTests
{
    public static TheoryData<string> Providers => TestDatabases.All;

    [Theory, MemberData(nameof(Providers))]
    public async Task A_sign_in_made_on_one_node_is_accepted_by_another_that_shares_only_the_database(string provider)
    {
        var atRest = new Dictionary<string, string?> { ["Vigil:Secrets:KeypairEncryptionKey"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 7)).ToArray()) };
        using var first = await VigilApp.StartAsync(provider, atRest);
        using var second = await VigilApp.StartAsync(provider, new Dictionary<string, string?>(atRest.Concat(first.SameDatabaseSettings())));
        var portal = new PortalClient(first);
        var email = await first.CreateStaffAsync(Roles.SuperAdmin);
        var signIn = await portal.SignInAsync(email);
        var cookie = string.Join("; ", signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        using var otherNode = second.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/portal");
        request.Headers.Add("Cookie", cookie);

        var page = await otherNode.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        await using var scope = first.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<VigilDb>().DataProtectionKeys.AsNoTracking().ToListAsync();
        Assert.NotEmpty(stored);
        Assert.All(stored, key => Assert.Contains("<sealedKey algorithm=\"AES-256-GCM\"", key.Xml));
        Assert.All(stored, key => Assert.DoesNotContain("<masterKey", key.Xml));
        Assert.False(Directory.Exists(Path.Combine(first.DataDirectory, "data-protection-keys")));
    }
}
