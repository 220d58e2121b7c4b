using System.Net;
using Vigil.Identity.Auth;
using Vigil.Tests.Support;

namespace Vigil.Tests.Portal;

/// <summary>The portal's forms and query strings with values no instant, date or amount can hold: a page with the error, never a 500.</summary>
public sealed class PortalHostileInputTests(VigilApps apps) : IClassFixture<VigilApps>
{
    [Theory]
    [InlineData("9999-12-31T23:59", "9999-12-31T23:59", "The end must follow the start")]
    [InlineData("0001-01-01T00:00", "0001-01-01T01:00", "Give the start and the end")]
    public async Task An_outbreak_reported_in_year_9999_or_1_is_refused_on_the_page(string start, string end, string message)
    {
        var portal = new PortalClient(await apps.For(TestDatabases.Sqlite));
        await portal.SignInAsNewAsync(Roles.HealthAuthority, "302");

        var reply = await portal.PostFormAsync("/portal/outbreaks", new Dictionary<string, string>
        {
            ["LocationId"] = "ABCD1234",
            ["Start"] = start,
            ["End"] = end,
            ["Severity"] = "1",
        }, "/portal/outbreaks?handler=Submit");

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Contains(message, await reply.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("Session.Date", "9999-12-31T23:59", "within the last 10 years")]
    [InlineData("Session.RecoveryFee", "100000000000000000", "at most 1000000000")]
    public async Task A_session_in_year_9999_or_with_a_huge_fee_is_refused_on_the_page(string field, string value, string message)
    {
        var portal = new PortalClient(await apps.For(TestDatabases.Sqlite));
        await portal.SignInAsNewAsync(Roles.ClinicAdmin);
        var registered = await portal.PostFormAsync("/portal/clinic", new Dictionary<string, string>
        {
            ["Input.FirstName"] = "Ana",
            ["Input.LastName"] = "López",
            ["Input.Gender"] = "female",
            ["Input.Cellphone"] = "57" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, "/portal/clinic?handler=Register");
        var address = registered.Headers.Location!.OriginalString;
        var form = new Dictionary<string, string>
        {
            ["Session.Date"] = "2026-11-23T09:00",
            ["Session.ServiceId"] = "1",
            ["Session.InterventionId"] = "10",
            ["Session.ToolId"] = "101",
            ["Session.MotiveId"] = "200",
            ["Session.RecoveryFee"] = "0",
        };
        form[field] = value;

        var reply = await portal.PostFormAsync(address, form, address + "?handler=Session");

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Contains(message, System.Net.WebUtility.HtmlDecode(await reply.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData("/portal/exposure?From=9999-12-31&To=9999-12-31")]
    [InlineData("/portal/outbreaks?x=%00")]
    public async Task Pages_asked_for_implausible_periods_or_nul_answer_without_a_server_error(string path)
    {
        var portal = new PortalClient(await apps.For(TestDatabases.Sqlite));
        await portal.SignInAsNewAsync(Roles.HealthAuthority, "302");

        var reply = await portal.GetAsync(path);

        Assert.InRange((int)reply.StatusCode, 200, 499);
    }
}
