using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Vigil.Infrastructure.Http;

/// <summary>
/// Names in the OpenAPI document the JSON body an endpoint reads itself through <see cref="JsonBody"/>.
/// Unlike <c>Accepts&lt;T&gt;</c> it only documents: routing does not refuse other content types with
/// 415, since the protocols' clients (and <c>curl -d</c>) send JSON under several.
/// </summary>
public static class JsonBodyDocumentation
{
    public sealed record BodyOf(Type Type);

    public static RouteHandlerBuilder DocumentJsonBody<T>(this RouteHandlerBuilder builder) => builder.WithMetadata(new BodyOf(typeof(T)));

    /// <summary>The operation transformer that turns <see cref="BodyOf"/> into the operation's request body.</summary>
    public static void Add(OpenApiOptions options) => options.AddOperationTransformer(async (operation, context, ct) =>
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<BodyOf>().FirstOrDefault() is { } body)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(body.Type, null, ct) },
                },
            };
        }
    });
}
