namespace Vigil.Infrastructure;

/// <summary>
/// Says at start-up when the runtime counts one processor and will optimize hot code ten times later than it would
/// with more (its <c>TC_DelaySingleProcMultiplier</c>): a node pinned to one core ran unoptimized code for its first
/// 40–60 s under load (docs/benchmarks.md). The runtime reads the setting only from the environment before it starts,
/// so the server can only point it out.
/// </summary>
internal sealed class SingleProcessorTiering(ILogger<SingleProcessorTiering> logger) : IHostedService
{
    public const string Variable = "DOTNET_TC_DelaySingleProcMultiplier";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Advice(Environment.ProcessorCount, Environment.GetEnvironmentVariable(Variable)) is { } advice)
        {
            logger.LogWarning("{Advice}", advice);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>What to tell the operator, or null when there is more than one processor or the variable is set.</summary>
    public static string? Advice(int processorCount, string? multiplier) =>
        processorCount == 1 && string.IsNullOrWhiteSpace(multiplier)
            ? $"The runtime counts one processor, so it optimizes hot code ten times later: set {Variable}=1 in this node's environment (docs/operations.md, Deploying)"
            : null;
}
