using System.Net;
using System.Text.Json;
using Vigil.Tests.Support;

namespace Vigil.Tests.Care;

public sealed class CareTests
{
    public static TheoryData<string> Providers => TestDatabases.All;

    private sealed record Clinic(VigilApp App, HttpClient Http, string Admin, string Support, string ClinicianA, string EmailA, string ClinicianB, string EmailB);

    private static async Task<Clinic> StartAsync(string provider)
    {
        var app = await VigilApp.StartAsync(provider);
        var http = app.CreateClient();
        var emailA = await app.CreateStaffAsync("clinician");
        var emailB = await app.CreateStaffAsync("clinician");
        return new Clinic(app, http, await app.StaffTokenAsync(http, "clinic_admin"), await app.StaffTokenAsync(http, "clinic_support"),
            await LoginAsync(http, emailA), emailA, await LoginAsync(http, emailB), emailB);
    }

    private static async Task<string> LoginAsync(HttpClient http, string email) =>
        (await http.PostAsync("/staff/login", $$"""{"email":"{{email}}","password":"{{StaffFlow.Password}}"}""")).Get("token");

    private static async Task<(string Patient, string Record)> PatientAsync(HttpClient http, string token, string gender = "female", string cellphone = "5512345678")
    {
        var created = await http.PostAsync("/care/patients", $$"""{"firstName":"Ana","lastName":"López","gender":"{{gender}}","cellphone":"{{cellphone}}"}""", token);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return (created.Get("id"), created.Get("recordId"));
    }

    private static Task<HttpJson.Reply> SessionAsync(HttpClient http, string token, string record, string date, decimal fee = 0, int intervention = 10, int service = 1, bool closes = false) =>
        http.PostAsync("/care/sessions", JsonSerializer.Serialize(new
        {
            recordId = record,
            date,
            serviceId = service,
            interventionId = intervention,
            toolId = 101,
            motiveId = 200,
            recoveryFee = fee,
            closesRecord = closes,
        }), token);

    [Theory, MemberData(nameof(Providers))]
    public async Task A_clinician_sees_only_patients_whose_open_record_is_theirs(string provider)
    {
        var c = await StartAsync(provider);
        await using var _ = c.App;
        var (patient, record) = await PatientAsync(c.Http, c.ClinicianA);

        Assert.Equal(HttpStatusCode.OK, (await c.Http.GetAsync($"/care/patients/{patient}", c.ClinicianA)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await c.Http.GetAsync($"/care/patients/{patient}", c.ClinicianB)).Status);
        Assert.Equal(0, (await c.Http.GetAsync("/care/patients", c.ClinicianB)).Json.GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await SessionAsync(c.Http, c.ClinicianB, record, "2026-11-23T10:00:00Z")).Status);
        Assert.Equal(1, (await c.Http.GetAsync("/care/patients?search=lóp", c.Support)).Json.GetArrayLength());
        Assert.Equal(HttpStatusCode.Forbidden, (await c.Http.PostAsync("/care/patients", """{"firstName":"X","lastName":"Y","gender":"male","cellphone":"5500000000"}""", c.Support)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await c.Http.GetAsync("/care/reports/income-total", c.ClinicianA)).Status);
        var appUser = (await c.Http.PostAsync("/auth/login", """{"prefecture": 1}""")).Get("token");
        Assert.Equal(HttpStatusCode.Forbidden, (await c.Http.GetAsync("/care/patients", appUser)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await c.Http.GetAsync("/care/patients", null)).Status);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Sessions_are_numbered_once_each_under_concurrency_and_cannot_be_edited(string provider)
    {
        var c = await StartAsync(provider);
        await using var _ = c.App;
        var (_, record) = await PatientAsync(c.Http, c.ClinicianA);

        var replies = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => SessionAsync(c.Http, c.ClinicianA, record, "2026-11-23T10:00:00Z")));

        Assert.All(replies, r => Assert.Equal(HttpStatusCode.Created, r.Status));
        Assert.Equal(Enumerable.Range(1, 10), replies.Select(r => r.Json.GetProperty("number").GetInt32()).Order());
        var id = replies[0].Get("id");
        Assert.Equal(HttpStatusCode.OK, (await c.Http.GetAsync($"/care/sessions/{id}", c.ClinicianA)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await c.Http.GetAsync($"/care/sessions/{id}", c.ClinicianB)).Status);
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/care/sessions/{id}") { Content = new StringContent("{}") };
        put.Headers.Authorization = new("Bearer", c.Admin);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await c.Http.SendAsync(put)).StatusCode);
        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"/care/sessions/{id}");
        delete.Headers.Authorization = new("Bearer", c.Admin);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await c.Http.SendAsync(delete)).StatusCode);
    }

    [Fact]
    public async Task Catalogue_rules_and_fees_are_checked_and_a_closing_session_closes_the_record()
    {
        var c = await StartAsync(TestDatabases.Sqlite);
        await using var _ = c.App;
        var (patient, record) = await PatientAsync(c.Http, c.ClinicianA);

        Assert.Equal(HttpStatusCode.BadRequest, (await SessionAsync(c.Http, c.ClinicianA, record, "2026-11-23T10:00:00Z", intervention: 20, service: 1)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SessionAsync(c.Http, c.ClinicianA, record, "2026-11-23T10:00:00Z", fee: -1)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SessionAsync(c.Http, c.ClinicianA, record, "2026-11-23T10:00:00Z", fee: 1.005m)).Status);
        Assert.Equal(HttpStatusCode.Created, (await SessionAsync(c.Http, c.ClinicianA, record, "2026-11-23T10:00:00Z", closes: true)).Status);

        Assert.Equal(HttpStatusCode.NotFound, (await c.Http.GetAsync($"/care/patients/{patient}", c.ClinicianA)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SessionAsync(c.Http, c.ClinicianA, record, "2026-11-23T11:00:00Z")).Status);
    }

    [Fact]
    public async Task A_clinic_admin_adds_a_clinician_who_sets_a_password_edits_own_patients_and_can_be_deactivated()
    {
        var c = await StartAsync(TestDatabases.Sqlite);
        await using var _ = c.App;
        var created = await c.Http.PostAsync("/care/staff",
            """{"email":"dra.ruiz@example.org","role":"clinician","firstName":"Elena","lastName":"Ruiz","cellphone":"5587654321"}""", c.Admin);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await c.Http.PostAsync("/care/staff",
            """{"email":"x@example.org","role":"clinician","firstName":"X","lastName":"Y","cellphone":"5500000001"}""", c.Support)).Status);
        await c.Http.PostAsync("/staff/set-password", $$"""{"token":"{{created.Get("setPasswordToken")}}","password":"{{StaffFlow.Password}}"}""");
        var ruiz = await LoginAsync(c.Http, "dra.ruiz@example.org");
        var (patient, _) = await PatientAsync(c.Http, ruiz);

        using var edit = new HttpRequestMessage(HttpMethod.Patch, $"/care/patients/{patient}") { Content = new StringContent("""{"occupation":"Maestra"}""", System.Text.Encoding.UTF8, "application/json") };
        edit.Headers.Authorization = new("Bearer", ruiz);
        Assert.Equal(HttpStatusCode.OK, (await c.Http.SendAsync(edit)).StatusCode);
        using var foreign = new HttpRequestMessage(HttpMethod.Patch, $"/care/patients/{patient}") { Content = new StringContent("""{"occupation":"x"}""", System.Text.Encoding.UTF8, "application/json") };
        foreign.Headers.Authorization = new("Bearer", c.ClinicianB);
        Assert.Equal(HttpStatusCode.NotFound, (await c.Http.SendAsync(foreign)).StatusCode);

        using var deactivate = new HttpRequestMessage(HttpMethod.Patch, $"/care/staff/{created.Get("id")}") { Content = new StringContent("""{"active":false}""", System.Text.Encoding.UTF8, "application/json") };
        deactivate.Headers.Authorization = new("Bearer", c.Admin);
        Assert.Equal(HttpStatusCode.OK, (await c.Http.SendAsync(deactivate)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await c.Http.PostAsync("/staff/login", $$"""{"email":"dra.ruiz@example.org","password":"{{StaffFlow.Password}}"}""")).Status);
        Assert.Equal("Elena Ruiz", (await c.Http.GetAsync("/care/staff", c.Support)).Json.EnumerateArray()
            .Select(s => $"{s.GetProperty("firstName").GetString()} {s.GetProperty("lastName").GetString()}").Single());
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_reports_match_hand_computed_figures_at_the_window_edges(string provider)
    {
        var c = await StartAsync(provider);
        await using var _ = c.App;
        // Clock: 2026-11-23 12:00 UTC = 06:00 in Mexico City (UTC−6). The week is local 17..23 November:
        // UTC [2026-11-17T06:00, 2026-11-24T06:00).
        var (_, ana) = await PatientAsync(c.Http, c.ClinicianA, "female", "5511111111");
        var (_, luis) = await PatientAsync(c.Http, c.ClinicianA, "male", "5522222222");
        await SessionAsync(c.Http, c.ClinicianA, ana, "2026-11-17T06:00:00Z", fee: 100.50m);                  // first instant: in
        await SessionAsync(c.Http, c.ClinicianA, luis, "2026-11-17T05:59:59Z", fee: 7m);                       // a second before: out
        await SessionAsync(c.Http, c.ClinicianA, ana, "2026-11-24T05:59:59Z", intervention: 11);               // last instant: in
        var voided = await SessionAsync(c.Http, c.Admin, ana, "2026-11-20T12:00:00Z", fee: 999m);
        Assert.Equal(HttpStatusCode.OK, (await c.Http.PostAsync($"/care/sessions/{voided.Get("id")}/void", """{"reason":"entered twice"}""", c.Admin)).Status);
        // Reassigned: later sessions count for B, earlier ones stay with A.
        Assert.Equal(HttpStatusCode.OK, (await c.Http.PostAsync($"/care/records/{ana}/assign", $$"""{"clinicianId":"{{Sub(c.ClinicianB)}}"}""", c.Admin)).Status);
        await SessionAsync(c.Http, c.ClinicianB, ana, "2026-11-22T12:00:00Z", fee: 50m);

        Assert.Equal("Tanatología=2; Acompañamiento Individual=1", await ReportAsync(c, "sessions-by-intervention"));
        Assert.Equal("Acompañamiento=3", await ReportAsync(c, "sessions-by-service"));
        Assert.Equal("Duelo=3", await ReportAsync(c, "sessions-by-motive"));
        Assert.Equal("female=1", await ReportAsync(c, "patients-by-gender"));
        Assert.Equal($"{c.EmailA}=2; {c.EmailB}=1", await ReportAsync(c, "sessions-by-clinician"));
        Assert.Equal("total=150.5", await ReportAsync(c, "income-total"));
        Assert.Equal($"{c.EmailA}=100.5; {c.EmailB}=50", await ReportAsync(c, "income-by-clinician"));
        Assert.Equal("total=0", await ReportAsync(c, "income-total", "from=2020-01-01&to=2020-01-31"));
        using var csvRequest = new HttpRequestMessage(HttpMethod.Get, "/care/reports/sessions-by-service?timespan=week&format=csv");
        csvRequest.Headers.Authorization = new("Bearer", c.Admin);
        Assert.Equal("label,value\n\"Acompañamiento\",3\n", await (await c.Http.SendAsync(csvRequest)).Content.ReadAsStringAsync());
    }

    /// <summary>The report as "label=value; …" in its order.</summary>
    private static async Task<string> ReportAsync(Clinic c, string report, string query = "timespan=week")
    {
        var reply = await c.Http.GetAsync($"/care/reports/{report}?{query}", c.Admin);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var labels = reply.Json.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!);
        var values = reply.Json.GetProperty("values").EnumerateArray().Select(v => v.GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture));
        return string.Join("; ", labels.Zip(values, (l, v) => $"{l}={v}"));
    }

    private static string Sub(string token) => new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).Subject;
}
