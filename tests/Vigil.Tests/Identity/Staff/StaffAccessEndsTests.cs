using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Vigil.Identity.Staff;
using Vigil.Infrastructure.Database;
using Vigil.Mqtt.Client;
using Vigil.Tests.Support;

namespace Vigil.Tests.Identity.Staff;

/// <summary>Finding 2 of the hardening run: a deleted administrator's access token kept working for its hour.</summary>
public sealed class StaffAccessEndsTests(VigilApps apps) : IClassFixture<VigilApps>
{
    /// <summary>Just past <see cref="StaffOptions.AccessCheckInterval"/>: the longest a node trusts what it last read.</summary>
    private static readonly TimeSpan PastCheckInterval = new StaffOptions().AccessCheckInterval + TimeSpan.FromSeconds(1);

    public static TheoryData<string> Providers => TestDatabases.All;

    [Theory, MemberData(nameof(Providers))]
    public async Task A_deleted_administrators_token_can_no_longer_read_change_or_create(string provider)
    {
        var app = await apps.For(provider);
        using var http = app.CreateClient();
        var super = await app.StaffTokenAsync(http, "super_admin");
        var national = await app.StaffTokenAsync(http, "national_admin");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/admins/users", national)).Status);

        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(HttpMethod.Delete, $"/admins/users/{new JsonWebToken(national).Subject}", bearer: super)).Status);
        app.Clock.Advance(PastCheckInterval);

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/admins/users", national)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(HttpMethod.Patch, "/admins/prefectures/13", """{"message":"hijacked"}""", national)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await http.PostAsync("/admins/users", """{"email":"replacement@example.org","adminRole":"NATIONAL_ADMIN_ROLE"}""", national)).Status);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/admins/users", super)).Status);
    }

    [Theory]
    [InlineData("disabled")]
    [InlineData("demoted")]
    [InlineData("password changed")]
    [InlineData("region moved")]
    public async Task A_staff_token_ends_within_the_check_interval_when_its_account_changes(string change)
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var http = app.CreateClient();
        var token = await app.StaffTokenAsync(http, "health_authority", "302");
        var id = Guid.Parse(new JsonWebToken(token).Subject);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/qr/events", token)).Status);

        await ChangeAsync(app, id, change);
        app.Clock.Advance(PastCheckInterval);

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/qr/events", token)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/auth/me", token)).Status);
    }

    [Fact]
    public async Task A_token_of_an_unchanged_account_keeps_working_across_checks()
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var http = app.CreateClient();
        var token = await app.StaffTokenAsync(http, "clinic_admin");

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/auth/me", token)).Status);
        app.Clock.Advance(PastCheckInterval);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/auth/me", token)).Status);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task An_account_deleted_on_one_node_loses_access_on_another_node_of_the_same_database(string provider)
    {
        using var first = await VigilApp.StartAsync(provider);
        using var second = await VigilApp.StartAsync(provider, first.SharedDatabaseSettings());
        using var http1 = first.CreateClient();
        using var http2 = second.CreateClient();
        var super = await first.StaffTokenAsync(http1, "super_admin");
        var national = await first.StaffTokenAsync(http1, "national_admin");
        Assert.Equal(HttpStatusCode.OK, (await http2.GetAsync("/admins/users", national)).Status);

        Assert.Equal(HttpStatusCode.OK, (await http1.SendAsync(HttpMethod.Delete, $"/admins/users/{new JsonWebToken(national).Subject}", bearer: super)).Status);
        second.Clock.Advance(PastCheckInterval);

        Assert.Equal(HttpStatusCode.Unauthorized, (await http2.GetAsync("/admins/users", national)).Status);
    }

    [Fact]
    public async Task A_broker_connection_made_with_a_staff_token_is_closed_when_the_account_is_disabled()
    {
        using var app = await VigilApp.StartWithSocketsAsync(TestDatabases.Sqlite);
        using var http = app.CreateClient();
        var token = await app.StaffTokenAsync(http, "clinician");
        await using var client = await MqttClient.ConnectAsync(app.MqttOptions("JWT", token));

        await ChangeAsync(app, Guid.Parse(new JsonWebToken(token).Subject), "disabled");
        app.Clock.Advance(PastCheckInterval);

        var closed = await client.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((byte)0x98, closed?.ReasonCode);
        var again = await Assert.ThrowsAsync<MqttConnectException>(() => MqttClient.ConnectAsync(app.MqttOptions("JWT", token)));
        Assert.NotEqual(0, again.ReasonCode);
    }

    private static async Task ChangeAsync(VigilApp app, Guid id, string change)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<VigilDb>().Set<StaffAccount>().Where(a => a.Id == id);
        switch (change)
        {
            case "disabled":
                await accounts.ExecuteUpdateAsync(s => s.SetProperty(a => a.DisabledAt, app.Clock.GetUtcNow()));
                break;
            case "demoted":
                await accounts.ExecuteUpdateAsync(s => s.SetProperty(a => a.Roles, "clinic_support").SetProperty(a => a.Region, (string?)null));
                break;
            case "region moved":
                await accounts.ExecuteUpdateAsync(s => s.SetProperty(a => a.Region, "310"));
                break;
            case "password changed":
                Assert.NotNull(await scope.ServiceProvider.GetRequiredService<StaffAccounts>()
                    .ChangePasswordAsync(id, StaffFlow.Password, "a brand new passphrase", CancellationToken.None));
                break;
        }
    }
}
