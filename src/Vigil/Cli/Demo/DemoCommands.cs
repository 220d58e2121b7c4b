using System.CommandLine;

namespace Vigil.Cli.Demo;

/// <summary><c>vigil demo seed</c>: realistic data for a development server's portal (refused in Production).</summary>
internal static class DemoCommands
{
    public static Command Create()
    {
        var seed = new Command("seed", "Fill a development database with a few weeks of codes, uploads, outbreak events, messages, patients and sessions");
        Handlers.Set(seed, async (context, ct) =>
        {
            await using var services = await context.ServicesAsync(ct);
            if (services.Get<IHostEnvironment>().IsProduction())
            {
                throw new ArgumentException("demo data is for development only (add --environment=Development)");
            }
            var seeded = await services.Create<DemoSeed>().RunAsync(ct);
            await context.Output.WriteLineAsync($"Demo data written. Sign in at /portal with password \"{DemoSeed.Password}\" as:");
            foreach (var (email, role) in seeded.Accounts)
            {
                await context.Output.WriteLineAsync($"  {email,-32} {role}");
            }
            await context.Output.WriteLineAsync($"Demo API key (region 302): {seeded.ApiKey}");
            return 0;
        });
        return new Command("demo", "Demonstration data for development") { seed };
    }
}
