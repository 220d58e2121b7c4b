using Google.Protobuf;

namespace Vigil.Tests.Support;

/// <summary>
/// A span read from an OTLP <c>ExportTraceServiceRequest</c> (opentelemetry-proto trace.proto): just the fields
/// the tests look at, parsed from the wire format so no generated code is needed.
/// </summary>
public sealed record OtlpSpan(string Scope, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>The attributes of the resource the span was exported under (<c>service.name</c>, …).</summary>
    public IReadOnlyDictionary<string, string> Resource { get; init; } = new Dictionary<string, string>();

    public static IEnumerable<OtlpSpan> ParseExport(byte[] body)
    {
        // ExportTraceServiceRequest.resource_spans = 1; ResourceSpans.resource = 1 (Resource.attributes = 1), scope_spans = 2.
        foreach (var resourceSpans in Fields(body, 1))
        {
            var resource = Fields(resourceSpans, 1).SelectMany(r => Fields(r, 1)).ToDictionary(KeyOf, ValueOf);
            foreach (var scopeSpans in Fields(resourceSpans, 2))
            {
                // ScopeSpans.scope = 1 (InstrumentationScope.name = 1), spans = 2.
                var scope = Fields(scopeSpans, 1).Select(s => Text(s, 1)).FirstOrDefault() ?? "";
                foreach (var span in Fields(scopeSpans, 2))
                {
                    yield return new OtlpSpan(scope, Hex(span, 1), Hex(span, 2), Hex(span, 4), Text(span, 5) ?? "", Varint(span, 6),
                        Fields(span, 9).ToDictionary(KeyOf, ValueOf)) { Resource = resource };
                }
            }
        }
    }

    // KeyValue: key = 1, value = 2 (AnyValue).
    private static string KeyOf(byte[] keyValue) => Text(keyValue, 1) ?? "";

    private static string ValueOf(byte[] keyValue) => AnyValue(Fields(keyValue, 2).FirstOrDefault());

    private static List<byte[]> Fields(byte[] message, int number)
    {
        var found = new List<byte[]>();
        var input = new CodedInputStream(message);
        while (input.ReadTag() is var tag and not 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                found.Add(input.ReadBytes().ToByteArray());
            }
            else
            {
                input.SkipLastField();
            }
        }
        return found;
    }

    private static int Varint(byte[] message, int number)
    {
        var input = new CodedInputStream(message);
        while (input.ReadTag() is var tag and not 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint)
            {
                return input.ReadInt32();
            }
            input.SkipLastField();
        }
        return 0;
    }

    private static string? Text(byte[] message, int number) =>
        Fields(message, number).Select(b => System.Text.Encoding.UTF8.GetString(b)).FirstOrDefault();

    private static string Hex(byte[] message, int number) =>
        Fields(message, number).Select(Convert.ToHexStringLower).FirstOrDefault() ?? "";

    // AnyValue: string_value = 1, bool_value = 2, int_value = 3 (varint).
    private static string AnyValue(byte[]? value) =>
        value is null ? "" : Text(value, 1) ?? Varint(value, 3).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
