namespace Vigil.Infrastructure.Http;

public static class Paging
{
    /// <summary>One page of an ordered query: <paramref name="limit"/> rows (default 50, at most 200) after <paramref name="offset"/>.</summary>
    public static IQueryable<T> Page<T>(this IQueryable<T> ordered, int? limit, int? offset, int defaultLimit = 50, int maxLimit = 200) =>
        ordered.Skip(Math.Max(0, offset ?? 0)).Take(Math.Clamp(limit ?? defaultLimit, 1, maxLimit));
}
