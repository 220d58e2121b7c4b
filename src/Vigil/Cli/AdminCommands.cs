using System.CommandLine;
using Vigil.Identity.Auth;
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
            var roleList = context.Parse.GetValue(roles)!;
            var prefecture = int.TryParse(context.Parse.GetValue(region), out var id) ? id : (int?)null;
            // Administrators carry the access list of the strongest admin role they hold (Regions' model).
            var accessControl = new[] { Roles.SuperAdmin, Roles.NationalAdmin, Roles.PrefectureAdmin }
                .Where(roleList.Contains).Select(role => Vigil.Regions.AccessKeys.ForAdmin(role, prefecture)).FirstOrDefault(acl => acl is not null);
            var account = await services.Get<StaffAccounts>().CreateAsync(
                context.Parse.GetValue(email)!, password, roleList, context.Parse.GetValue(region), cancellationToken, accessControl);
            await context.Output.WriteLineAsync($"Created {account.Roles} {account.Email} ({account.Id}).");
            return 0;
        });
        return new Command("admin", "Manage staff accounts") { create };
    }
}
