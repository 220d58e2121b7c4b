namespace Vigil.Mqtt.Tests.Support;

/// <summary>
/// xUnit 2 cleans up after a test class only through <see cref="IDisposable"/> or <see cref="IAsyncLifetime"/>; a
/// class that is only <see cref="IAsyncDisposable"/> is never disposed, and what it holds (temporary directories,
/// open logs) outlives the run.
/// </summary>
public sealed class TestClassDisposalTests
{
    [Fact]
    public void Every_test_class_that_cleans_up_asynchronously_is_disposed_by_xunit()
    {
        var neverDisposed = typeof(TestClassDisposalTests).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && HasTests(type))
            .Where(type => typeof(IAsyncDisposable).IsAssignableFrom(type)
                && !typeof(IDisposable).IsAssignableFrom(type)
                && !typeof(IAsyncLifetime).IsAssignableFrom(type))
            .Select(type => type.FullName)
            .ToList();

        Assert.Empty(neverDisposed);
    }

    private static bool HasTests(Type type) =>
        type.GetMethods().Any(method => method.IsDefined(typeof(FactAttribute), inherit: true));
}
