namespace Vigil.Identity.Tokens;

/// <summary>Who a token pair is for, and the claims its access token carries besides the registered ones.</summary>
public sealed record TokenSubject(string Kind, Guid Id, IReadOnlyList<string> Roles, IReadOnlyDictionary<string, object> Claims)
{
    public const string AppUserKind = "app";
    public const string StaffKind = "staff";
}
