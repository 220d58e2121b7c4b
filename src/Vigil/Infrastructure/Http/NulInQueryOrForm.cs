namespace Vigil.Infrastructure.Http;

/// <summary>
/// Refuses a query string, or a portal form, that carries the NUL character (<c>%00</c>) with a 400 before
/// any endpoint binds it: PostgreSQL cannot store it, and no parameter of Vigil's has a use for it. A
/// portal form that cannot be read at all is a 400 too.
/// </summary>
public sealed class NulInQueryOrForm(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        bool refused;
        try
        {
            refused = request.Query.Any(HasNul)
                || (request.HasFormContentType && request.Path.StartsWithSegments("/portal")
                    && (await request.ReadFormAsync(context.RequestAborted)).Any(HasNul));
        }
        catch (InvalidDataException)
        {
            await ErrorMessage.BadRequest("the form cannot be read").ExecuteAsync(context);
            return;
        }
        if (refused)
        {
            await ErrorMessage.BadRequest("the request may not contain the NUL character (%00)").ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    private static bool HasNul(KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> pair) =>
        pair.Key.Contains('\0', StringComparison.Ordinal) || pair.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true);
}
