using System.Text.Json;
using Vigil.Infrastructure.Http;

namespace Vigil.Contacts;

/// <summary>
/// How the contacts commands read a phone's MQTT payload — strictly: unknown fields, wrong types and missing
/// required values are refused with a message naming the field — and write their answers (camelCase JSON).
/// </summary>
public static class ContactPayloads
{
    public static readonly JsonSerializerOptions Read = JsonBody.MakeStrict(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static readonly JsonSerializerOptions Write = new(JsonSerializerDefaults.Web);
}
