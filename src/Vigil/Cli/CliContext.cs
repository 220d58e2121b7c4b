using System.CommandLine;
using Vigil.Infrastructure;
using Vigil.Infrastructure.Database;

namespace Vigil.Cli;

/// <summary>What a command's action gets: its parse result, the console streams, and Vigil's services.</summary>
public sealed class CliContext(ParseResult parse, TextReader input, TextWriter output, TextWriter error, IReadOnlyList<string> configArgs)
{
    public ParseResult Parse { get; } = parse;
    public TextReader Input { get; } = input;
    public TextWriter Output { get; } = output;
    public TextWriter Error { get; } = error;
    public IReadOnlyList<string> ConfigArgs { get; } = configArgs;

    /// <summary>The same context, with start-up migration switched off (for commands that do not need the database).</summary>
    public CliContext WithoutAutomaticMigration() =>
        new(Parse, Input, Output, Error, [.. ConfigArgs, "--Vigil:Database:MigrateAtStartup=false"]);

    /// <summary>Builds Vigil's services without starting the server, migrating the database first unless told not to.</summary>
    public async Task<CliServices> ServicesAsync(CancellationToken cancellationToken)
    {
        // Commands never serve: the broker's listeners (and their Production checks) stay out of the way.
        var builder = Program.CreateBuilder([.. ConfigArgs, "--Vigil:Broker:Enabled=false"]);
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter((_, level) => level >= LogLevel.Warning);
        // Database failures reach the user as one line from the command itself.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None);
        var app = builder.Build();
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<VigilOptions>>().Value.Database.MigrateAtStartup)
        {
            await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        }
        return new CliServices(app);
    }
}
