using Vigil.SignedExports;

namespace Vigil.Exposure.Retrieval;

/// <summary>The daily key export zips (<c>/retrieve</c>) in the shared export cache, beside the outbreak exports.</summary>
public sealed class KeyExports(ExportCache cache)
{
    public const string Kind = "keys";

    /// <summary>An upload changed today's keys of <paramref name="region"/>: its file is rebuilt within the rebuild interval.</summary>
    public void MarkTodayStale(string region) => cache.MarkTodayStale(Kind, region);

    public Task<byte[]> GetAsync(DailyExportRequest.Accepted request, CancellationToken cancellationToken) =>
        cache.GetAsync(Kind, request.Region.Mcc, request.Day, request.Today, version: 0,
            async (services, from, to, ct) => (await services.GetRequiredService<ExportBuilder>().BuildAsync(request.Region, from, to, request.Today, ct)).Zip,
            cancellationToken);
}
