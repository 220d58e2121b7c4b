namespace Vigil.Exposure;

/// <summary>Settings under <c>Vigil:Exposure</c> (the export ones are <see cref="Vigil.SignedExports.SignedExportOptions"/>).</summary>
public sealed class ExposureOptions
{
    public const string Section = "Vigil:Exposure";

    /// <summary>Keys one claimed keypair may upload in total ("15 on day 1, plus 2 for each of 14 days").</summary>
    public int KeyBudget { get; set; } = 43;

    /// <summary>How long an unclaimed one-time code stays valid.</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long after a claim the same code with the same app key claims again with the same answer, so an
    /// app whose connection dropped before it read the answer can simply retry.
    /// </summary>
    public TimeSpan ClaimRetryWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Largest <c>/upload</c> request in bytes (a 28-key upload with v2 fields is about 1080).</summary>
    public int MaxUploadBytes { get; set; } = 2048;

    /// <summary>Most keys one export file holds; beyond it the keys with the highest key_data are left out (and logged).</summary>
    public int MaxKeysPerFile { get; set; } = 750_000;

    /// <summary>Failed claims from one client before it is banned for <see cref="BanWindow"/>.</summary>
    public int MaxClaimFailures { get; set; } = 50;
    public TimeSpan BanWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary><c>Access-Control-Allow-Origin</c> of <c>/new-key-claim</c>.</summary>
    public string CorsOrigin { get; set; } = "*";

    /// <summary>
    /// How often retention runs (and folds metric events, which reports read folded or not). What it deletes ages in
    /// days; a job every few seconds only keeps a server's CPU and JIT busy (docs/benchmarks.md).
    /// </summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromMinutes(10);
}
