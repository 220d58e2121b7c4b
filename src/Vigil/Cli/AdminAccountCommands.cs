using System.CommandLine;
using System.Globalization;
using Vigil.Identity.Staff;

namespace Vigil.Cli;

/// <summary><c>vigil admin list | unlock | disable | enable | reset-password</c>: the operator's hands on staff accounts.</summary>
internal static class AdminAccountCommands
{
    public static Command List()
    {
        var list = new Command("list", "List staff accounts: id, email, roles, region, state");
        Handlers.Set(list, async (context, ct) =>
        {
            await using var services = await context.ServicesAsync(ct);
            var now = services.Get<TimeProvider>().GetUtcNow();
            foreach (var account in await services.Get<StaffAdministration>().ListAsync(ct))
            {
                var state = account.DisabledAt is { } disabled ? "disabled " + disabled.ToString("u", CultureInfo.InvariantCulture)
                    : account.LockedUntil > now ? "locked until " + account.LockedUntil.Value.ToString("u", CultureInfo.InvariantCulture)
                    : "active";
                await context.Output.WriteLineAsync($"{account.Id}\t{account.Email}\t{account.Roles}\t{account.Region ?? "-"}\t{state}");
            }
            return 0;
        });
        return list;
    }

    public static Command Unlock() => OnAccount("unlock", "Clear an account's failed sign-ins and lockout", async (context, admin, account, ct) =>
    {
        await admin.UnlockAsync(account, ct);
        return $"Unlocked {account.Email}.";
    });

    public static Command Disable(bool disable) => disable
        ? OnAccount("disable", "Disable an account: it cannot sign in, and its tokens stop working within seconds", async (context, admin, account, ct) =>
        {
            await admin.SetDisabledAsync(account, true, ct);
            return $"Disabled {account.Email}.";
        })
        : OnAccount("enable", "Enable a disabled account again", async (context, admin, account, ct) =>
        {
            await admin.SetDisabledAsync(account, false, ct);
            return $"Enabled {account.Email}.";
        });

    public static Command ResetPassword() => OnAccount("reset-password",
        "Set a new password, read from standard input; the account's other sign-ins end", async (context, admin, account, ct) =>
        {
            await admin.ResetPasswordAsync(account, await ReadPasswordAsync(context, ct), ct);
            return $"Set a new password for {account.Email}; its other sign-ins have ended.";
        });

    public static async Task<string> ReadPasswordAsync(CliContext context, CancellationToken ct)
    {
        var password = (await context.Input.ReadLineAsync(ct))?.TrimEnd('\r');
        return string.IsNullOrEmpty(password)
            ? throw new ArgumentException("no password on standard input (pipe it in, e.g. `echo \"$PASSWORD\" | vigil admin …`)")
            : password;
    }

    private static Command OnAccount(string name, string description, Func<CliContext, StaffAdministration, StaffAccount, CancellationToken, Task<string>> action)
    {
        var who = new Argument<string>("account") { Description = "The account's email address or id" };
        var command = new Command(name, description) { who };
        Handlers.Set(command, async (context, ct) =>
        {
            await using var services = await context.ServicesAsync(ct);
            var admin = services.Get<StaffAdministration>();
            var account = await admin.FindAsync(context.Parse.GetValue(who)!, ct)
                ?? throw new InvalidOperationException($"no staff account {context.Parse.GetValue(who)}");
            await context.Output.WriteLineAsync(await action(context, admin, account, ct));
            return 0;
        });
        return command;
    }
}
