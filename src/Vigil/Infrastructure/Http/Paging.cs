namespace Vigil.Infrastructure.Http;

/// <summary>
/// Which page of a list a caller asked for: <see cref="Limit"/> rows after <see cref="Offset"/>. Every list
/// endpoint reads its <c>offset</c>/<c>limit</c> through <see cref="Of"/>, so negative offsets and oversize
/// pages are clamped the same way everywhere.
/// </summary>
public readonly record struct Paging(int Offset, int Limit)
{
    public static Paging Of(int? offset, int? limit, int defaultLimit = 50, int maxLimit = 200) =>
        new(Math.Max(0, offset ?? 0), Math.Clamp(limit ?? defaultLimit, 1, maxLimit));

    /// <summary>The first <paramref name="limit"/> rows (for pages that show a fixed number).</summary>
    public static Paging First(int limit) => new(0, limit);
}
