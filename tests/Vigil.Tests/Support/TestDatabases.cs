namespace Vigil.Tests.Support;

/// <summary>
/// The database providers a provider-parameterised test runs on: SQLite always, PostgreSQL when its
/// binaries are here or when VIGIL_REQUIRE_POSTGRES=1 demands it (then a missing server fails the test).
/// </summary>
public static class TestDatabases
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public static IReadOnlyList<string> Names =>
        PostgresServer.Available || PostgresServer.Required ? [Sqlite, Postgres] : [Sqlite];

    public static TheoryData<string> All => new(Names);

    /// <summary>Every case on every provider: (provider, case…) rows.</summary>
    public static TheoryData<string, T1> OnEach<T1>(params T1[] cases)
    {
        var data = new TheoryData<string, T1>();
        foreach (var (provider, one) in Names.SelectMany(p => cases.Select(c => (p, c))))
        {
            data.Add(provider, one);
        }
        return data;
    }

    public static TheoryData<string, T1, T2> OnEach<T1, T2>(params (T1, T2)[] cases)
    {
        var data = new TheoryData<string, T1, T2>();
        foreach (var (provider, (a, b)) in Names.SelectMany(p => cases.Select(c => (p, c))))
        {
            data.Add(provider, a, b);
        }
        return data;
    }

    public static TheoryData<string, T1, T2, T3> OnEach<T1, T2, T3>(params (T1, T2, T3)[] cases)
    {
        var data = new TheoryData<string, T1, T2, T3>();
        foreach (var (provider, (a, b, c)) in Names.SelectMany(p => cases.Select(c => (p, c))))
        {
            data.Add(provider, a, b, c);
        }
        return data;
    }
}
