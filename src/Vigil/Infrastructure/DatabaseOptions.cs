namespace Vigil.Infrastructure;

public sealed class DatabaseOptions
{
    /// <summary><c>sqlite</c> (embedded default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Apply pending migrations when <c>serve</c> starts.</summary>
    public bool MigrateAtStartup { get; set; } = true;
}
