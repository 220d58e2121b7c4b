namespace Vigil.Cli;

/// <summary>A scope over a built (not started) server; disposing it releases the database.</summary>
public sealed class CliServices(WebApplication app) : IAsyncDisposable
{
    private readonly AsyncServiceScope _scope = app.Services.CreateAsyncScope();

    public T Get<T>() where T : notnull => _scope.ServiceProvider.GetRequiredService<T>();

    /// <summary>A command's own helper built from the scope's services.</summary>
    public T Create<T>() where T : notnull => ActivatorUtilities.CreateInstance<T>(_scope.ServiceProvider);

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await app.DisposeAsync();
    }
}
