using Vigil.Tests.Support;

namespace Vigil.Tests.Broker.Node;

/// <summary>Tests against a server and a <c>vigil broker</c> beside it (<see cref="ServerWithBrokerNode"/>), fresh for each test.</summary>
public abstract class BrokerNodeTestBase(params string[] nodeSettings) : IAsyncLifetime
{
    protected ServerWithBrokerNode Pair { get; private set; } = null!;

    public async Task InitializeAsync() => Pair = await ServerWithBrokerNode.StartAsync(nodeSettings);

    public Task DisposeAsync()
    {
        Pair.Dispose();
        return Task.CompletedTask;
    }
}
