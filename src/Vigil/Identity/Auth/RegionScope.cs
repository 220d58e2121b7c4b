using System.Linq.Expressions;
using System.Security.Claims;
using Vigil.Identity.Tokens;

namespace Vigil.Identity.Auth;

/// <summary>
/// Which regions' rows a caller may see. National roles see every region; everyone else sees the region
/// their token names, and a caller with no region sees nothing: a missing scope never widens access.
/// </summary>
public readonly record struct RegionScope(bool Everything, string? Region)
{
    public static readonly RegionScope Nothing = new(false, null);

    /// <summary>Roles that act for the whole country and so carry no region.</summary>
    public static readonly IReadOnlySet<string> NationalRoles = new HashSet<string> { Roles.SuperAdmin, Roles.NationalAdmin };

    /// <summary>Roles whose accounts must name the region they act for (an MCC, or a prefecture number).</summary>
    public static readonly IReadOnlySet<string> RegionalRoles = new HashSet<string> { Roles.HealthAuthority, Roles.PrefectureAdmin };

    public static RegionScope Of(ClaimsPrincipal user)
    {
        if (NationalRoles.Any(user.IsInRole))
        {
            return new(true, null);
        }
        return user.FindFirst(TokenSubjects.RegionClaim)?.Value is { Length: > 0 } region ? new(false, region) : Nothing;
    }

    /// <summary>True when the caller may see rows of at least one region.</summary>
    public bool SeesAny => Everything || Region is not null;

    /// <summary>Whether a row of <paramref name="region"/> is within this scope.</summary>
    public bool Includes(string region) => Everything || (Region is not null && Region == region);

    /// <summary>The rows of <paramref name="source"/> within this scope; none at all when the scope is empty.</summary>
    public IQueryable<T> Filter<T>(IQueryable<T> source, Expression<Func<T, string>> regionOf)
    {
        if (Everything)
        {
            return source;
        }
        if (Region is not { } region)
        {
            return source.Where(_ => false);
        }
        // A member of a closure object, so EF sends the region as a parameter rather than inlining it.
        var value = Expression.Property(Expression.Constant(new Boxed(region)), nameof(Boxed.Value));
        return source.Where(Expression.Lambda<Func<T, bool>>(Expression.Equal(regionOf.Body, value), regionOf.Parameters[0]));
    }

    private sealed record Boxed(string Value);
}
