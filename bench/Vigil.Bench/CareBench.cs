using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Care;
using Vigil.Infrastructure.Database;

namespace Vigil.Bench;

/// <summary>The seven KPI reports over N sessions spread across the last year.</summary>
internal static class CareBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sessions = int.Parse(args[Array.IndexOf(args, "--sessions") + 1]);
        await using var app = Program.BuildServer(["--environment=Development", .. args.Where(a => a.Contains(':'))]);
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        var now = DateTimeOffset.UtcNow;
        var clinicians = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToArray();
        var patients = Enumerable.Range(0, 5000).Select(_ => Guid.NewGuid()).ToArray();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<VigilDb>();
            var seed = Stopwatch.StartNew();
            for (var i = 0; i < patients.Length; i++)
            {
                db.Add(new Patient { Id = patients[i], FirstName = "P", LastName = $"L{i}", Gender = (i % 3) switch { 0 => "female", 1 => "male", _ => "other" }, Cellphone = $"{5500000000L + i}", CreatedAt = now });
            }
            await db.SaveChangesAsync();
            var interventions = CatalogSeed.Interventions;
            for (var done = 0; done < sessions; done += 1000)
            {
                var sql = new StringBuilder("""INSERT INTO "CareSessions" ("Id", "RecordId", "PatientId", "ClinicianId", "Number", "Date", "ServiceId", "InterventionId", "ToolId", "MotiveId", "RecoveryFeeCents", "ClosesRecord", "CreatedAt") VALUES """);
                var parameters = new List<object>();
                for (var i = done; i < Math.Min(sessions, done + 1000); i++)
                {
                    var p = parameters.Count;
                    var intervention = interventions[i % interventions.Length];
                    sql.Append(i == done ? "" : ",").Append($"({{{p}}}, {{{p + 1}}}, {{{p + 2}}}, {{{p + 3}}}, {i}, {{{p + 4}}}, {intervention.ServiceId}, {intervention.Id}, {100 + i % 10}, {200 + i % 7}, {i % 5 * 5000}, FALSE, {{{p + 4}}})");
                    parameters.AddRange([Guid.NewGuid(), Guid.NewGuid(), patients[i % patients.Length], clinicians[i % clinicians.Length], (now - TimeSpan.FromMinutes(i * 5.2)).ToUnixTimeMilliseconds()]);
                }
                await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters);
            }
            Console.WriteLine($"seeded {sessions:N0} sessions in {seed.Elapsed.TotalSeconds:F1} s");
        }
        foreach (var report in CareReports.Names)
        {
            var times = new List<double>();
            for (var run = 0; run < 5; run++)
            {
                await using var scope = app.Services.CreateAsyncScope();
                var reports = scope.ServiceProvider.GetRequiredService<CareReports>();
                var window = reports.Window("year", null, null)!.Value;
                var clock = Stopwatch.StartNew();
                await reports.RunAsync(report, window.From, window.To, default);
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine($"{report,-26} first {times[0],6:F0} ms, then median {times.Skip(1).Order().ElementAt(2),6:F0} ms (timespan=year)");
        }
        return 0;
    }
}
