using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Outbreaks.Protocol;
using Vigil.SignedExports;

namespace Vigil.Tests.Support;

/// <summary>A health authority's system posting outbreak events, and an app downloading the day's list.</summary>
public sealed class OutbreakClient(VigilApp app, HttpClient http)
{
    public OutbreakEvent Event(string locationId, TimeSpan startAgo, TimeSpan length, uint severity = 1)
    {
        var start = app.Clock.GetUtcNow() - startAgo;
        return new OutbreakEvent
        {
            LocationId = locationId,
            StartTime = Timestamp.FromDateTimeOffset(start),
            EndTime = Timestamp.FromDateTimeOffset(start + length),
            Severity = severity,
        };
    }

    public Task<(HttpStatusCode Status, OutbreakEventResponse Response)> SubmitAsync(string? apiKey, OutbreakEvent outbreak) =>
        SubmitRawAsync(apiKey, outbreak.ToByteArray());

    public async Task<(HttpStatusCode Status, OutbreakEventResponse Response)> SubmitRawAsync(string? apiKey, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/qr/new-event") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
        var response = await http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return (response.StatusCode, response.StatusCode == HttpStatusCode.Unauthorized ? new OutbreakEventResponse() : OutbreakEventResponse.Parser.ParseFrom(bytes));
    }

    public string Path(int day, int hourOffset = 0)
    {
        var key = app.Services.GetRequiredService<RetrievalHmac>().Key;
        var dayText = day == 0 ? "00000" : day.ToString("D5");
        var hour = app.Clock.GetUtcNow().ToUnixTimeSeconds() / 3600 + hourOffset;
        return $"/qr/302/{dayText}/{RetrievalHmac.Compute(key, "302", dayText, hour)}";
    }

    /// <summary>The day's zip: its raw export.bin, the parsed export and its signature.</summary>
    public async Task<(byte[] Bin, OutbreakEventExport Export, byte[] Signature)> DownloadAsync(int day)
    {
        var response = await http.GetAsync(Path(day));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(["export.bin", "export.sig"], zip.Entries.Select(e => e.FullName));
        var bin = Read(zip.Entries[0]);
        return (bin, OutbreakEventExport.Parser.ParseFrom(bin), OutbreakEventExportSignature.Parser.ParseFrom(Read(zip.Entries[1])).Signature.ToByteArray());
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
