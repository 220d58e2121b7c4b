using System.Collections.Concurrent;
using System.Text.Json;
using Vigil.Tests.Support;

namespace Vigil.Tests.Care;

/// <summary>Every Care endpoint against every role: clinic admin, support, the record's clinician, another clinician, an app user, nobody.</summary>
public sealed class CareAccessMatrixTests(VigilApps apps) : IClassFixture<VigilApps>
{
    private sealed record World(Dictionary<string, string?> Tokens, string Patient, string Record, string Session, string OwnClinician);

    private static readonly ConcurrentDictionary<string, Task<World>> Worlds = new();

    public static TheoryData<string, string, string, string, string?, int> Matrix()
    {
        (string Who, string Method, string Path, string? Body, int Status)[] rows =
        [
            ("admin", "GET", "/care/patients", null, 200), ("support", "GET", "/care/patients", null, 200), ("own", "GET", "/care/patients", null, 200),
            ("app", "GET", "/care/patients", null, 403), ("anonymous", "GET", "/care/patients", null, 401),
            ("admin", "GET", "/care/patients/{patient}", null, 200), ("support", "GET", "/care/patients/{patient}", null, 200),
            ("own", "GET", "/care/patients/{patient}", null, 200), ("other", "GET", "/care/patients/{patient}", null, 404),
            ("admin", "POST", "/care/patients", "{patient-body}", 201), ("own", "POST", "/care/patients", "{patient-body}", 201),
            ("support", "POST", "/care/patients", "{patient-body}", 403), ("app", "POST", "/care/patients", "{patient-body}", 403),
            ("own", "PATCH", "/care/patients/{patient}", """{"religion":"Ninguna"}""", 200), ("other", "PATCH", "/care/patients/{patient}", """{"religion":"x"}""", 404),
            ("support", "PATCH", "/care/patients/{patient}", """{"religion":"x"}""", 403),
            ("admin", "GET", "/care/records", null, 200), ("other", "GET", "/care/records?patientId={patient}", null, 200),
            ("admin", "POST", "/care/records/{record}/assign", """{"clinicianId":"{own-id}"}""", 200),
            ("support", "POST", "/care/records/{record}/assign", """{"clinicianId":"{own-id}"}""", 403),
            ("own", "POST", "/care/records/{record}/assign", """{"clinicianId":"{own-id}"}""", 403),
            ("own", "POST", "/care/sessions", "{session-body}", 201), ("admin", "POST", "/care/sessions", "{session-body}", 201),
            ("other", "POST", "/care/sessions", "{session-body}", 404), ("support", "POST", "/care/sessions", "{session-body}", 403),
            ("own", "GET", "/care/sessions?recordId={record}", null, 200), ("other", "GET", "/care/sessions?recordId={record}", null, 404),
            ("own", "GET", "/care/sessions/{session}", null, 200), ("other", "GET", "/care/sessions/{session}", null, 404),
            ("own", "PUT", "/care/sessions/{session}", "{}", 405), ("admin", "DELETE", "/care/sessions/{session}", null, 405),
            ("own", "POST", "/care/sessions/{session}/void", """{"reason":"x"}""", 403), ("support", "POST", "/care/sessions/{session}/void", """{"reason":"x"}""", 403),
            ("admin", "GET", "/care/catalog", null, 200), ("own", "GET", "/care/catalog", null, 200), ("app", "GET", "/care/catalog", null, 403),
            ("admin", "POST", "/care/catalog", """{"kind":3,"name":"Pérdida de empleo"}""", 201),
            ("support", "POST", "/care/catalog", """{"kind":3,"name":"x"}""", 403), ("own", "PATCH", "/care/catalog/200", """{"active":true}""", 403),
            ("admin", "GET", "/care/staff", null, 200), ("support", "GET", "/care/staff", null, 200), ("own", "GET", "/care/staff", null, 403),
            ("support", "POST", "/care/staff", """{"email":"z@example.org","role":"clinician","firstName":"Z","lastName":"Z","cellphone":"5500000002"}""", 403),
            ("admin", "GET", "/care/reports/income-total", null, 200), ("support", "GET", "/care/reports/sessions-by-motive?format=csv", null, 200),
            ("own", "GET", "/care/reports/income-total", null, 403), ("admin", "GET", "/care/reports/unknown", null, 404),
            ("admin", "GET", "/care/reports/income-total?timespan=decade", null, 400),
        ];
        var data = new TheoryData<string, string, string, string, string?, int>();
        foreach (var provider in TestDatabases.Names)
        {
            foreach (var (who, method, path, body, status) in rows)
            {
                data.Add(provider, who, method, path, body, status);
            }
        }
        return data;
    }

    [Theory, MemberData(nameof(Matrix))]
    public async Task Each_role_gets_the_expected_status(string provider, string who, string method, string path, string? body, int expected)
    {
        var app = await apps.For(provider);
        using var http = app.CreateClient();
        var world = await Worlds.GetOrAdd(provider, _ => SetUpAsync(app, http));
        string Fill(string text) => text.Replace("{patient}", world.Patient).Replace("{record}", world.Record).Replace("{session}", world.Session)
            .Replace("{own-id}", world.OwnClinician)
            .Replace("{patient-body}", $$"""{"firstName":"Nuevo","lastName":"Paciente","gender":"other","cellphone":"{{Random.Shared.NextInt64(5_000_000_000, 5_999_999_999)}}","clinicianId":"{{world.OwnClinician}}"}""")
            .Replace("{session-body}", JsonSerializer.Serialize(new { recordId = world.Record, date = "2026-11-23T10:00:00Z", serviceId = 1, interventionId = 10, toolId = 100, motiveId = 200 }));
        using var request = new HttpRequestMessage(new HttpMethod(method), Fill(path));
        if (body is not null)
        {
            request.Content = new StringContent(Fill(body), System.Text.Encoding.UTF8, "application/json");
        }
        if (world.Tokens[who] is { } token)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        Assert.Equal(expected, (int)(await http.SendAsync(request)).StatusCode);
    }

    private static async Task<World> SetUpAsync(VigilApp app, HttpClient http)
    {
        var tokens = new Dictionary<string, string?>
        {
            ["admin"] = await app.StaffTokenAsync(http, "clinic_admin"),
            ["support"] = await app.StaffTokenAsync(http, "clinic_support"),
            ["own"] = await app.StaffTokenAsync(http, "clinician"),
            ["other"] = await app.StaffTokenAsync(http, "clinician"),
            ["app"] = (await http.PostAsync("/auth/login", """{"prefecture": 1}""")).Get("token"),
            ["anonymous"] = null,
        };
        var created = await http.PostAsync("/care/patients", """{"firstName":"Ana","lastName":"Matriz","gender":"female","cellphone":"5599999999"}""", tokens["own"]);
        var session = await http.PostAsync("/care/sessions", JsonSerializer.Serialize(new
        {
            recordId = created.Get("recordId"),
            date = "2026-11-23T09:00:00Z",
            serviceId = 1,
            interventionId = 10,
            toolId = 100,
            motiveId = 200,
        }), tokens["own"]);
        var ownId = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(tokens["own"]).Subject;
        return new World(tokens, created.Get("id"), created.Get("recordId"), session.Get("id"), ownId);
    }
}
