using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Infrastructure.Database;
using Vigil.Outbreaks;

namespace Vigil.Bench;

/// <summary>One day's outbreak export from N events received that day.</summary>
internal static class OutbreakBench
{
    private const int Batch = 1000;

    public static async Task<int> RunAsync(string[] args)
    {
        var events = int.Parse(args[Array.IndexOf(args, "--events") + 1]);
        await using var app = Program.BuildServer(["--environment=Development", .. args.Where(a => a.Contains(':'))]);
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        var now = DateTimeOffset.UtcNow;
        var dayStart = now.ToUnixTimeSeconds() / 86400 * 86400 * 1000;
        var apiKey = Guid.NewGuid();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<VigilDb>();
            var seed = Stopwatch.StartNew();
            for (var done = 0; done < events; done += Batch)
            {
                var count = Math.Min(Batch, events - done);
                var sql = new StringBuilder("""INSERT INTO "OutbreakEvents" ("Id", "LocationId", "StartTime", "EndTime", "Severity", "Region", "ApiKeyId", "CreatedAt") VALUES """);
                var parameters = new List<object>();
                for (var i = 0; i < count; i++)
                {
                    var p = parameters.Count;
                    var created = dayStart + (done + i) % 86_400_000;
                    sql.Append(i == 0 ? "" : ",").Append($"({{{p}}}, {{{p + 1}}}, {{{p + 2}}}, {{{p + 3}}}, 1, '302', {{{p + 4}}}, {{{p + 5}}})");
                    parameters.AddRange([Guid.NewGuid(), Convert.ToHexString(BitConverter.GetBytes(Random.Shared.Next()))[..8], created - 7_200_000, created - 3_600_000, apiKey, created]);
                }
                await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters);
            }
            Console.WriteLine($"seeded {events:N0} events in {seed.Elapsed.TotalSeconds:F1} s");
        }
        var day = (int)(now.ToUnixTimeSeconds() / 86400);
        for (var run = 1; run <= 3; run++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var clock = Stopwatch.StartNew();
            var zip = await app.Services.GetRequiredService<OutbreakExports>().BuildAsync(scope.ServiceProvider.GetRequiredService<VigilDb>(), "302", day, day + 1, default);
            Console.WriteLine($"run {run}: {events:N0} events, zip {zip.Length / 1048576.0:F1} MiB, built and signed in {clock.Elapsed.TotalSeconds:F2} s");
        }
        Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB");
        return 0;
    }
}
