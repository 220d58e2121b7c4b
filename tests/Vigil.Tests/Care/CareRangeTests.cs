using System.Net;
using Vigil.Tests.Support;

namespace Vigil.Tests.Care;

/// <summary>Findings 3 and 6 of the hardening run: huge fees and dates answered 500 or were stored.</summary>
public sealed class CareRangeTests(VigilApps apps) : IClassFixture<VigilApps>
{
    public static TheoryData<string> Providers => TestDatabases.All;

    [Theory, MemberData(nameof(Providers))]
    public async Task A_report_period_ending_in_9999_is_a_400_problem(string provider)
    {
        var app = await apps.For(provider);
        using var http = app.CreateClient();
        var admin = await app.StaffTokenAsync(http, "clinic_admin");

        var reply = await http.GetAsync("/care/reports/income-total?from=2026-01-01&to=9999-12-31", admin);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("application/problem+json", reply.Response.Content.Headers.ContentType?.MediaType);
    }

    public static TheoryData<string, string, string, string> ImplausibleSessions => TestDatabases.OnEach(
        ("recoveryFee", "1e17", "2026-11-20T10:00:00Z"), ("recoveryFee", "1000000000.01", "2026-11-20T10:00:00Z"),
        ("date", "0", "9999-12-31T00:00:00Z"), ("date", "0", "1900-01-01T00:00:00Z"));

    [Theory, MemberData(nameof(ImplausibleSessions))]
    public async Task A_session_with_an_implausible_fee_or_date_is_refused_and_not_stored(string provider, string field, string fee, string date)
    {
        var app = await apps.For(provider);
        using var http = app.CreateClient();
        var admin = await app.StaffTokenAsync(http, "clinic_admin");
        var record = (await http.PostAsync("/care/patients",
            $$"""{"firstName":"Ana","lastName":"López","gender":"female","cellphone":"55{{Random.Shared.Next(10_000_000, 99_999_999)}}"}""", admin)).Get("recordId");

        var reply = await http.PostAsync("/care/sessions",
            $$"""{"recordId":"{{record}}","date":"{{date}}","serviceId":1,"interventionId":10,"toolId":101,"motiveId":200,"recoveryFee":{{fee}}}""", admin);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.True(reply.Json.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(0, (await http.GetAsync($"/care/sessions?recordId={record}", admin)).Json.GetArrayLength());
    }

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("1899-12-31")]
    public async Task A_patient_born_in_an_implausible_year_is_refused(string birthDate)
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var http = app.CreateClient();
        var admin = await app.StaffTokenAsync(http, "clinic_admin");

        var reply = await http.PostAsync("/care/patients",
            $$"""{"firstName":"Ana","lastName":"López","gender":"female","cellphone":"56{{Random.Shared.Next(10_000_000, 99_999_999)}}","birthDate":"{{birthDate}}"}""", admin);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.True(reply.Json.GetProperty("errors").TryGetProperty("birthDate", out _));
    }

    [Theory]
    [InlineData("""{"recordId":"x","date":"2026-11-20T10:00:00Z","serviceId":1,"interventionId":10,"toolId":101,"motiveId":200}""", "recordId has the wrong type or format")]
    [InlineData("""{"date":"2026-11-20T10:00:00Z","serviceId":1,"interventionId":10,"toolId":101,"motiveId":200}""", "recordId is required")]
    public async Task A_malformed_body_is_a_400_naming_the_field_without_dotnet_types(string body, string detail)
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var http = app.CreateClient();

        var reply = await http.PostAsync("/care/sessions", body, await app.StaffTokenAsync(http, "clinic_admin"));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(detail, reply.Json.GetProperty("detail").GetString());
        Assert.DoesNotContain("Vigil.", reply.Json.GetRawText());
    }
}
