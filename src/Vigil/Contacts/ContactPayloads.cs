using System.Text.Json;
using System.Text.Json.Serialization;
using Vigil.Infrastructure.Http;

namespace Vigil.Contacts;

/// <summary>
/// How the contacts commands read a phone's MQTT payload — strictly: unknown fields, wrong types and missing
/// required values are refused with a message naming the field — and write their answers (camelCase JSON).
/// </summary>
public static class ContactPayloads
{
    public static readonly JsonSerializerOptions Read = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        NumberHandling = JsonNumberHandling.Strict,
        Converters = { new TextWithoutNul() },
    };

    public static readonly JsonSerializerOptions Write = new(JsonSerializerDefaults.Web);
}
