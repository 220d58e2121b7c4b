using Vigil.Mqtt.Broker;
using Vigil.Mqtt;

namespace Vigil.Broker.Hosting;

/// <summary>MQTT over WebSocket at <c>/mqtt</c>.</summary>
public static class BrokerApi
{
    public static IEndpointRouteBuilder MapBrokerEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.Map("/mqtt", WebSocketAsync).ExcludeFromDescription();
        return routes;
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
