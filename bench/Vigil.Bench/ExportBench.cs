using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Exposure.Retrieval;
using Vigil.Infrastructure.Database;
using Vigil.SignedExports;

namespace Vigil.Bench;

/// <summary>One day's export from a large key table: seed it, then build it and time each phase.</summary>
internal static class ExportBench
{
    private const int Batch = 1000;

    public static async Task<int> SeedAsync(string[] args)
    {
        var keys = int.Parse(args[Array.IndexOf(args, "--keys") + 1]);
        await using var app = Program.BuildServer(["--environment=Development", .. args.Where(a => a.Contains(':'))]);
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDb>();
        var now = DateTimeOffset.UtcNow;
        var firstHour = now.ToUnixTimeSeconds() / 86400 * 24;
        var today = (int)(now.ToUnixTimeSeconds() / 86400);
        var apiKey = Guid.NewGuid();
        var clock = Stopwatch.StartNew();
        for (var done = 0; done < keys; done += Batch)
        {
            var count = Math.Min(Batch, keys - done);
            var sql = new StringBuilder("""INSERT INTO "DiagnosisKeys" ("KeyData", "RollingStartIntervalNumber", "RollingPeriod", "TransmissionRiskLevel", "HourOfSubmission", "Region", "ApiKeyId") VALUES """);
            var parameters = new List<object>();
            for (var i = 0; i < count; i++)
            {
                var p = parameters.Count;
                sql.Append(i == 0 ? "" : ",").Append($"({{{p}}}, {{{p + 1}}}, 144, 4, {{{p + 2}}}, '302', {{{p + 3}}})");
                // 100,000 uploads × 14 keys: each upload covers the 14 days before today.
                parameters.AddRange([RandomNumberGenerator.GetBytes(16), (today - (done + i) % 14) * 144, firstHour + (done + i) % 24, apiKey]);
            }
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters);
        }
        Console.WriteLine($"seeded {keys:N0} keys in {clock.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    public static async Task<int> BuildAsync(string[] args)
    {
        await using var app = Program.BuildServer(["--environment=Development", .. args.Where(a => a.Contains(':'))]);
        var region = new ExportRegion { Mcc = "302", Code = "CA" };
        var today = (int)(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 86400);
        for (var run = 1; run <= 3; run++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var builder = scope.ServiceProvider.GetRequiredService<ExportBuilder>();
            var clock = Stopwatch.StartNew();
            var file = await builder.BuildAsync(region, today, today + 1, today, default);
            var t = file.Timings;
            Console.WriteLine(
                $"run {run}: {file.KeyCount:N0} keys, zip {file.Zip.Length / 1048576.0:F1} MiB, total {clock.Elapsed.TotalSeconds:F2} s " +
                $"(query {t.Query.TotalSeconds:F2} s, serialize {t.Serialize.TotalSeconds:F2} s, sign {t.Sign.TotalSeconds:F2} s, compress {t.Compress.TotalSeconds:F2} s)");
        }
        Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB");
        return 0;
    }
}
