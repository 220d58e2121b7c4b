using Microsoft.Extensions.DependencyInjection;
using Vigil.Broker.Security;
using Vigil.Identity.HandlerKeys;
using Vigil.Tests.Support;

namespace Vigil.Tests.Broker.Security;

/// <summary>The broker's plain-SQL handler-key lookups agree with the keys EF Core writes, on each database.</summary>
public sealed class HandlerKeyLookupTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_active_key_is_found_by_its_secret_and_a_revoked_one_is_not(string provider)
    {
        using var app = await VigilApp.StartAsync(provider);
        var lookup = app.Services.GetRequiredService<HandlerKeyLookup>();
        var (id, secret) = await app.CreateHandlerKeyAsync("lookup");

        var found = await lookup.FindActiveIdAsync(secret, CancellationToken.None);
        var wrong = await lookup.FindActiveIdAsync(secret[..^1] + (secret[^1] == 'a' ? 'b' : 'a'), CancellationToken.None);
        await RevokeAsync(app, id);
        var afterRevoke = await lookup.FindActiveIdAsync(secret, CancellationToken.None);

        Assert.Equal(id, found);
        Assert.Null(wrong);
        Assert.Null(afterRevoke);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Of_the_connected_keys_those_revoked_or_gone_are_named(string provider)
    {
        using var app = await VigilApp.StartAsync(provider);
        var lookup = app.Services.GetRequiredService<HandlerKeyLookup>();
        var (kept, _) = await app.CreateHandlerKeyAsync("kept");
        var (revoked, _) = await app.CreateHandlerKeyAsync("revoked");
        var gone = Guid.NewGuid();
        await RevokeAsync(app, revoked);

        var named = await lookup.RevokedAmongAsync([kept, revoked, gone], CancellationToken.None);

        Assert.Equal(new HashSet<Guid> { revoked, gone }, named);
    }

    [Fact]
    public async Task A_secret_without_the_handler_key_prefix_is_not_looked_up()
    {
        using var app = await VigilApp.StartAsync(TestDatabases.Sqlite);
        var (_, secret) = await app.CreateHandlerKeyAsync("prefixed");

        Assert.Null(await app.Services.GetRequiredService<HandlerKeyLookup>().FindActiveIdAsync(secret["vgh_".Length..], CancellationToken.None));
    }

    private static async Task RevokeAsync(VigilApp app, Guid id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<HandlerKeyService>().RevokeAsync(id, CancellationToken.None));
    }
}
