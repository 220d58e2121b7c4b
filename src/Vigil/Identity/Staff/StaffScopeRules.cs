using System.Globalization;
using Vigil.Identity.ApiKeys;
using Vigil.Identity.Auth;
using Vigil.Infrastructure;

namespace Vigil.Identity.Staff;

/// <summary>
/// Which region an account's roles demand: a health authority names its MCC, a prefecture admin its
/// prefecture, national roles none. Checked when an account is created and, for older rows, at start-up.
/// </summary>
public static class StaffScopeRules
{
    /// <summary>Why these roles cannot go with this region, or null when they can.</summary>
    public static string? Problem(IReadOnlyCollection<string> roles, string? region, RegionCatalog regions)
    {
        var regional = roles.Where(RegionScope.RegionalRoles.Contains).ToList();
        if (regional.Count > 1)
        {
            return $"{string.Join(" and ", regional)} cannot share one account: their regions mean different things";
        }
        if (regional.Count == 1 && roles.Any(RegionScope.NationalRoles.Contains))
        {
            return $"{regional[0]} is confined to a region and cannot be combined with a national role";
        }
        if (region is not null && roles.Any(RegionScope.NationalRoles.Contains))
        {
            return $"{string.Join(", ", roles.Where(RegionScope.NationalRoles.Contains))} acts nationally and takes no region";
        }
        return regional.FirstOrDefault() switch
        {
            Roles.HealthAuthority when region is null || !ApiKeyService.IsValidRegion(region) =>
                "a health_authority account needs a region: 1 to 16 letters, digits or dashes (for example an MCC such as 302)",
            Roles.PrefectureAdmin when !int.TryParse(region, NumberStyles.None, CultureInfo.InvariantCulture, out var prefecture) || !regions.IsAssignable(prefecture) =>
                $"a prefecture_admin account needs a region: a prefecture number of 1..{regions.MaxId}",
            _ => null,
        };
    }
}
