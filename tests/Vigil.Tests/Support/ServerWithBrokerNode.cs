namespace Vigil.Tests.Support;

/// <summary>
/// A server whose broker is off (phones log in and handler keys are made there) and a <c>vigil broker</c> process
/// beside it on the same data directory.
/// </summary>
public sealed class ServerWithBrokerNode : IDisposable
{
    private ServerWithBrokerNode(VigilApp http, ServerProcess node, int mqttPort) => (Http, Node, MqttPort) = (http, node, mqttPort);

    public VigilApp Http { get; }

    public ServerProcess Node { get; }

    public int MqttPort { get; }

    public static async Task<ServerWithBrokerNode> StartAsync(params string[] nodeSettings)
    {
        var http = await VigilApp.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?> { ["Vigil:Broker:Enabled"] = "false" });
        // The broker node checks tokens by the real clock.
        http.Clock.Advance(DateTimeOffset.UtcNow - http.Clock.GetUtcNow());
        var mqttPort = FreePort.Next();
        try
        {
            return new ServerWithBrokerNode(http, await ServerProcess.StartBrokerAsync(http.DataDirectory, mqttPort, nodeSettings), mqttPort);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Node.Dispose();
        Http.Dispose();
    }
}
