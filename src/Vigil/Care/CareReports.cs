using Vigil.Infrastructure.Validation;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vigil.Identity.Staff;
using Vigil.Infrastructure.Database;

namespace Vigil.Care;

/// <summary>
/// The seven KPI reports over non-voided sessions in a window of whole local days, both ends inclusive:
/// week = today and the 6 days before, month = 28 days, year = 364 days, or explicit from/to dates.
/// </summary>
public sealed class CareReports(VigilDb db, IOptions<CareOptions> options, TimeProvider clock)
{
    public static readonly string[] Names =
    [
        "sessions-by-intervention", "sessions-by-service", "sessions-by-motive", "patients-by-gender",
        "sessions-by-clinician", "income-total", "income-by-clinician",
    ];

    public sealed record Report(IReadOnlyList<string> Labels, IReadOnlyList<decimal> Values);

    public (DateTimeOffset From, DateTimeOffset To)? Window(string? timespan, DateOnly? from, DateOnly? to)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
        (DateOnly First, DateOnly Last)? days = (from, to, timespan) switch
        {
            ({ } f, { } t, _) when f <= t && InputRanges.IsPlausible(f) && InputRanges.IsPlausible(t) => (f, t),
            (null, null, "week" or null) => (today.AddDays(-6), today),
            (null, null, "month") => (today.AddDays(-27), today),
            (null, null, "year") => (today.AddDays(-363), today),
            _ => null,
        };
        return days is { } d ? (Start(d.First, zone), Start(d.Last.AddDays(1), zone)) : null;
    }

    public async Task<Report> RunAsync(string report, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var sessions = db.Set<CareSession>().AsNoTracking().Where(s => s.VoidedAt == null && s.Date >= from && s.Date < to);
        IEnumerable<(string Label, decimal Value)> rows = report switch
        {
            "sessions-by-intervention" => await CountByCatalogAsync(sessions.GroupBy(s => s.InterventionId).Select(g => new KeyCount(g.Key, g.Count())), ct),
            "sessions-by-service" => await CountByCatalogAsync(sessions.GroupBy(s => s.ServiceId).Select(g => new KeyCount(g.Key, g.Count())), ct),
            "sessions-by-motive" => await CountByCatalogAsync(sessions.GroupBy(s => s.MotiveId).Select(g => new KeyCount(g.Key, g.Count())), ct),
            "patients-by-gender" => (await sessions.Join(db.Set<Patient>(), s => s.PatientId, p => p.Id, (s, p) => new { p.Id, p.Gender })
                    .Distinct().GroupBy(p => p.Gender).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
                .Select(r => (r.Key, (decimal)r.Count)),
            "sessions-by-clinician" => await ByClinicianAsync(sessions.GroupBy(s => s.ClinicianId).Select(g => new ClinicianTotal(g.Key, g.Count())), 1, ct),
            "income-total" => [("total", (await sessions.SumAsync(s => (long?)s.RecoveryFeeCents, ct) ?? 0) / 100m)],
            "income-by-clinician" => await ByClinicianAsync(sessions.GroupBy(s => s.ClinicianId).Select(g => new ClinicianTotal(g.Key, g.Sum(s => s.RecoveryFeeCents))), 100, ct),
            _ => throw new ArgumentException($"unknown report; one of {string.Join(", ", Names)}"),
        };
        var ordered = rows.OrderByDescending(r => r.Value).ThenBy(r => r.Label, StringComparer.Ordinal).ToList();
        return new Report(ordered.Select(r => r.Label).ToList(), ordered.Select(r => r.Value).ToList());
    }

    public static string Csv(Report report)
    {
        var csv = new StringBuilder("label,value\n");
        for (var i = 0; i < report.Labels.Count; i++)
        {
            csv.Append('"').Append(report.Labels[i].Replace("\"", "\"\"")).Append("\",").Append(report.Values[i].ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        return csv.ToString();
    }

    private sealed record KeyCount(int Key, int Count);
    private sealed record ClinicianTotal(Guid Key, long Value);

    private async Task<IEnumerable<(string, decimal)>> CountByCatalogAsync(IQueryable<KeyCount> counts, CancellationToken ct)
    {
        var rows = await counts.ToListAsync(ct);
        var names = await db.Set<CatalogItem>().AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        return rows.Select(c => (names.GetValueOrDefault(c.Key, $"#{c.Key}"), (decimal)c.Count));
    }

    /// <summary>Totals per clinician who gave the sessions, named from the clinic's staff list; <paramref name="divisor"/> turns cents into money.</summary>
    private async Task<IEnumerable<(string, decimal)>> ByClinicianAsync(IQueryable<ClinicianTotal> totals, decimal divisor, CancellationToken ct)
    {
        var rows = await totals.ToListAsync(ct);
        var ids = rows.Select(v => v.Key).ToList();
        var staff = await db.Set<ClinicStaff>().AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => $"{s.FirstName} {s.LastName}", ct);
        var emails = await db.Set<StaffAccount>().AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Email, ct);
        return rows.Select(v => (staff.GetValueOrDefault(v.Key) ?? emails.GetValueOrDefault(v.Key) ?? v.Key.ToString(), v.Value / divisor));
    }

    /// <summary>A report window as the clinic's calendar days (the last one included) and the zone they are in.</summary>
    public string Describe((DateTimeOffset From, DateTimeOffset To) window)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(window.From, zone).DateTime);
        var last = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(window.To, zone).DateTime).AddDays(-1);
        return $"{first:yyyy-MM-dd} – {last:yyyy-MM-dd} (days in {zone.Id})";
    }

    private static DateTimeOffset Start(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
