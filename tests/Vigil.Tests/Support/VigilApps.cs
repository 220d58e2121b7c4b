namespace Vigil.Tests.Support;

/// <summary>One app per provider, started on first use and shared by a test class.</summary>
public sealed class VigilApps : IAsyncLifetime
{
    private readonly Dictionary<string, Task<VigilApp>> _apps = [];
    private readonly Lock _gate = new();

    public Task<VigilApp> For(string provider) => Shared(provider, () => VigilApp.StartAsync(provider));

    /// <summary>The provider's app on real sockets (HTTP and MQTT).</summary>
    public Task<VigilApp> WithSocketsAsync(string provider) => Shared(provider + "+sockets", () => VigilApp.StartWithSocketsAsync(provider));

    private Task<VigilApp> Shared(string key, Func<Task<VigilApp>> start)
    {
        lock (_gate)
        {
            if (!_apps.TryGetValue(key, out var app))
            {
                app = start();
                _apps[key] = app;
            }
            return app;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in _apps.Values)
        {
            (await app).Dispose();
        }
    }
}
