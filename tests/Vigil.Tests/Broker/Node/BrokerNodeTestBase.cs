using Vigil.Tests.Support;

namespace Vigil.Tests.Broker.Node;

/// <summary>
/// Tests against a server whose broker is off (phones log in and handler keys are made there) and a
/// <c>vigil broker</c> process beside it on the same data directory, both fresh for each test.
/// </summary>
public abstract class BrokerNodeTestBase(params string[] nodeSettings) : IAsyncLifetime
{
    protected VigilApp Http { get; private set; } = null!;

    protected ServerProcess Node { get; private set; } = null!;

    protected int MqttPort { get; } = FreePort.Next();

    public async Task InitializeAsync()
    {
        Http = await VigilApp.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?> { ["Vigil:Broker:Enabled"] = "false" });
        // The broker node checks tokens by the real clock.
        Http.Clock.Advance(DateTimeOffset.UtcNow - Http.Clock.GetUtcNow());
        Node = await ServerProcess.StartBrokerAsync(Http.DataDirectory, MqttPort, nodeSettings);
    }

    public Task DisposeAsync()
    {
        Node?.Dispose();
        Http?.Dispose();
        return Task.CompletedTask;
    }
}
