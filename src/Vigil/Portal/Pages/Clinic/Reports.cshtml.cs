using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vigil.Care;
using Vigil.Identity.Auth;

namespace Vigil.Portal.Pages.Clinic;

/// <summary>The seven KPI reports of <see cref="CareReports"/> (the same as <c>/care/reports/…</c>), drawn with Chart.js.</summary>
[Authorize(Roles = Roles.ClinicAdmin + "," + Roles.ClinicSupport)]
public sealed class ReportsModel(CareReports reports) : PageModel
{
    public sealed record Chart(string Report, string Title, ChartData Data);
    public sealed record Table(string Report, string Title, string Column, CareReports.Report Result);

    private static readonly (string Report, string Title, string Type, bool Horizontal)[] Drawn =
    [
        ("sessions-by-intervention", "Sessions by intervention", "pie", false),
        ("sessions-by-service", "Sessions by service", "bar", false),
        ("patients-by-gender", "Patients by gender", "bar", false),
        ("sessions-by-clinician", "Sessions per clinician", "bar", true),
        ("income-by-clinician", "Income per clinician", "bar", true),
    ];

    [BindProperty(SupportsGet = true)] public string Timespan { get; set; } = "month";

    public string Period { get; private set; } = "";
    public decimal IncomeTotal { get; private set; }
    public List<Chart> Charts { get; } = [];
    public List<Table> Tables { get; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Window() is not { } window)
        {
            return BadRequest();
        }
        // The reports count whole days of the clinic's time zone; the period is told in the same days.
        Period = reports.Describe(window);
        foreach (var (report, title, type, horizontal) in Drawn)
        {
            var result = await reports.RunAsync(report, window.From, window.To, ct);
            Charts.Add(new(report, title, new ChartData(type, result.Labels, [new(title, [.. result.Values.Select(v => (double)v)])], horizontal)));
        }
        Tables.Insert(0, new("sessions-by-motive", "Sessions by motive", "Motive", await reports.RunAsync("sessions-by-motive", window.From, window.To, ct)));
        IncomeTotal = (await reports.RunAsync("income-total", window.From, window.To, ct)).Values.FirstOrDefault();
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(string report, CancellationToken ct)
    {
        if (!CareReports.Names.Contains(report) || Window() is not { } window)
        {
            return NotFound();
        }
        var csv = CareReports.Csv(await reports.RunAsync(report, window.From, window.To, ct));
        return File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv", $"{report}-{Timespan}.csv");
    }

    private (DateTimeOffset From, DateTimeOffset To)? Window() =>
        Timespan is "week" or "month" or "year" ? reports.Window(Timespan, null, null) : null;
}
