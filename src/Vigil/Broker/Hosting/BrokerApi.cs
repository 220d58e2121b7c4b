using Microsoft.AspNetCore.Http.HttpResults;
using Vigil.Broker.Security;
using Vigil.Infrastructure.Http;
using Vigil.Mqtt;
using Vigil.Mqtt.Broker;

namespace Vigil.Broker.Hosting;

/// <summary>
/// MQTT over WebSocket at <c>/mqtt</c>, and <c>/broker/auth/…</c>: the same authentication and topic
/// rules as HTTP hooks for an external clustered broker (EMQX, RabbitMQ's MQTT plugin, …).
/// </summary>
public static class BrokerApi
{
    public sealed record ConnectCheck(string Username, string Password, string? ClientId = null);
    public sealed record AclCheck(string Username, string Password, string Topic, string Action);
    public sealed record Decision(string Result, string? UserId = null, bool IsSuperuser = false);

    public static IEndpointRouteBuilder MapBrokerEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.Map("/mqtt", WebSocketAsync).ExcludeFromDescription();
        var auth = routes.MapGroup("/broker/auth").WithTags("Broker auth hooks").RequireRateLimiting(RateLimits.BrokerAuth);
        auth.MapPost("/connect", async Task<Ok<Decision>> (ConnectCheck check, VigilMqttSecurity security, CancellationToken ct) =>
        {
            var principal = await AuthenticateAsync(security, check.Username, check.Password, ct);
            return TypedResults.Ok(principal is null
                ? new Decision("deny")
                : new Decision("allow", principal.Name, principal.Kind == TopicRules.Handler));
        });
        auth.MapPost("/acl", async Task<Results<Ok<Decision>, BadRequest<string>>> (AclCheck check, VigilMqttSecurity security, TopicRules rules, CancellationToken ct) =>
        {
            if (check.Action is not ("publish" or "subscribe"))
            {
                return TypedResults.BadRequest("action is publish or subscribe");
            }
            var principal = await AuthenticateAsync(security, check.Username, check.Password, ct);
            var allowed = principal is not null && (check.Action == "publish"
                ? rules.CanPublish(principal.Kind, principal.Name, check.Topic)
                : rules.CanSubscribe(principal.Kind, principal.Name, check.Topic));
            return TypedResults.Ok(new Decision(allowed ? "allow" : "deny"));
        });
        return routes;
    }

    private static async Task<MqttPrincipal?> AuthenticateAsync(VigilMqttSecurity security, string username, string password, CancellationToken ct)
    {
        var result = await security.AuthenticateAsync(
            new MqttConnectRequest("", username, System.Text.Encoding.UTF8.GetBytes(password), Mqtt.Protocol.MqttVersion.V500, null), rememberToken: true, ct);
        return result.Principal;
    }

    private static async Task WebSocketAsync(HttpContext context, MqttBroker broker)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("MQTT over WebSocket: connect with a WebSocket client and subprotocol \"mqtt\".");
            return;
        }
        if (!context.WebSockets.WebSocketRequestedProtocols.Contains("mqtt"))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("The WebSocket subprotocol must be \"mqtt\".");
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync("mqtt");
        await using var pipe = new WebSocketPipe(socket);
        var remote = context.Connection.RemoteIpAddress is { } ip ? new System.Net.IPEndPoint(ip, context.Connection.RemotePort) : null;
        await broker.HandleConnectionAsync(pipe, remote, context.RequestAborted);
    }
}
