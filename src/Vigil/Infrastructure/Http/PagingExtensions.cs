namespace Vigil.Infrastructure.Http;

public static class PagingExtensions
{
    /// <summary>This page of an ordered query.</summary>
    public static IQueryable<T> Page<T>(this IQueryable<T> ordered, Paging page) => ordered.Skip(page.Offset).Take(page.Limit);
}
