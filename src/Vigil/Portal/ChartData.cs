using System.Text.Json;

namespace Vigil.Portal;

/// <summary>
/// What a page hands to <c>charts.js</c>: a chart type, labels and datasets, serialised into a
/// <c>&lt;script type="application/json"&gt;</c> block (data, not code, so the CSP forbids nothing).
/// </summary>
public sealed record ChartData(string Type, IReadOnlyList<string> Labels, IReadOnlyList<ChartData.Series> Datasets, bool Horizontal = false)
{
    public sealed record Series(string Label, IReadOnlyList<double> Data);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>JSON safe to place inside a script element: <c>&lt;</c> is escaped by the serializer's default encoder.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
