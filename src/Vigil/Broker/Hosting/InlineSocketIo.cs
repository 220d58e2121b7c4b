namespace Vigil.Broker.Hosting;

/// <summary>
/// The process-wide socket settings behind <see cref="BrokerOptions.InlineSocketIo"/>. System.Net.Sockets
/// reads them from the environment once, when the process opens its first socket, so <c>vigil serve</c>
/// sets them before the host starts. Values the operator set are kept.
/// </summary>
internal static class InlineSocketIo
{
    public const string CompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
    public const string ThreadCountVariable = "DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT";

    /// <summary>True when the broker runs and the configuration asks for inline I/O.</summary>
    public static bool IsRequested(IConfiguration configuration) =>
        configuration.GetSection(BrokerOptions.Section).Get<BrokerOptions>() is { Enabled: true, InlineSocketIo: true };

    /// <summary>Sets the environment for inline I/O when the configuration asks for it.</summary>
    public static void Apply(IConfiguration configuration)
    {
        foreach (var (variable, value) in VariablesToSet(configuration, Environment.GetEnvironmentVariable))
        {
            Environment.SetEnvironmentVariable(variable, value);
        }
    }

    /// <summary>The variables inline I/O needs that <paramref name="environment"/> does not already set.</summary>
    public static Dictionary<string, string> VariablesToSet(IConfiguration configuration, Func<string, string?> environment)
    {
        if (!IsRequested(configuration))
        {
            return [];
        }
        var needed = new Dictionary<string, string>
        {
            [CompletionsVariable] = "1",
            // One event loop, as mosquitto has: with one per core the two threads woke each other for every
            // message and the CPU per message was no lower than with the thread pool (docs/benchmarks.md).
            [ThreadCountVariable] = "1",
        };
        return needed.Where(variable => string.IsNullOrEmpty(environment(variable.Key))).ToDictionary();
    }
}
