using Microsoft.EntityFrameworkCore;

namespace Vigil.Identity.Tokens;

/// <summary>Ending sign-ins from outside the refresh flow.</summary>
public static class RefreshFamilies
{
    /// <summary>
    /// Ends every sign-in of a subject (after a password change, say): their refresh tokens stop working;
    /// access tokens already issued run out within their lifetime. Joins the caller's transaction, if any.
    /// </summary>
    public static Task<int> RevokeAllAsync(DbContext db, string subjectKind, Guid subjectId, DateTimeOffset now, CancellationToken ct) =>
        db.Set<RefreshFamily>()
            .Where(f => f.SubjectKind == subjectKind && f.SubjectId == subjectId && f.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.RevokedAt, now), ct);
}
