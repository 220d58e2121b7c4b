using System.CommandLine;
using Vigil.Identity.Staff;

namespace Vigil.Cli;

internal static class AdminCommands
{
    public static Command Create()
    {
        var email = new Option<string>("--email") { Description = "The administrator's email address", Required = true };
        var roles = new Option<string[]>("--role")
        {
            Description = "Role(s) to grant, e.g. super_admin (repeatable)",
            Required = true,
        };
        var region = new Option<string?>("--region") { Description = "Region or prefecture the account is confined to" };
        var create = new Command("create", "Create a staff account; the password is read from standard input") { email, roles, region };
        create.TreatUnmatchedTokensAsErrors = false;
        Handlers.Set(create, async (context, cancellationToken) =>
        {
            var password = (await context.Input.ReadLineAsync(cancellationToken))?.TrimEnd('\r');
            if (string.IsNullOrEmpty(password))
            {
                throw new ArgumentException("no password on standard input (pipe it in, e.g. `echo \"$PASSWORD\" | vigil admin create …`)");
            }
            await using var services = await context.ServicesAsync(cancellationToken);
            var account = await services.Get<StaffAccounts>().CreateAsync(
                context.Parse.GetValue(email)!, password, context.Parse.GetValue(roles)!, context.Parse.GetValue(region), cancellationToken);
            await context.Output.WriteLineAsync($"Created {account.Roles} {account.Email} ({account.Id}).");
            return 0;
        });
        return new Command("admin", "Manage staff accounts") { create };
    }
}
