using System.CommandLine;
using Vigil.Identity.Auth;
using Vigil.Identity.Staff;

namespace Vigil.Cli;

internal static class AdminCommands
{
    public static Command Create() => new("admin", "Manage staff accounts")
    {
        CreateCommand(), AdminAccountCommands.List(), AdminAccountCommands.Unlock(), AdminAccountCommands.Disable(true),
        AdminAccountCommands.Disable(false), AdminAccountCommands.ResetPassword(),
    };

    private static Command CreateCommand()
    {
        var email = new Option<string>("--email") { Description = "The staff member's email address", Required = true };
        var roles = new Option<string[]>("--role")
        {
            Description = $"Role to grant (repeatable): {string.Join(", ", Roles.Staff.Order())}",
            HelpName = "role",
            Required = true,
        };
        roles.AcceptOnlyFromAmong([.. Roles.Staff.Order()]);
        var region = new Option<string?>("--region")
        {
            Description = "Required for health_authority (an MCC such as 302) and prefecture_admin (a prefecture number); none for national roles",
        };
        var create = new Command("create", "Create a staff account; the password is read from standard input") { email, roles, region };
        Handlers.Set(create, async (context, cancellationToken) =>
        {
            var password = await AdminAccountCommands.ReadPasswordAsync(context, cancellationToken);
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
        return create;
    }
}
