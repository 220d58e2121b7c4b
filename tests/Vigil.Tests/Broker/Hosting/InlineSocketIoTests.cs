using Microsoft.Extensions.Configuration;
using Vigil.Broker.Hosting;

namespace Vigil.Tests.Broker.Hosting;

public sealed class InlineSocketIoTests
{
    private static readonly Func<string, string?> EmptyEnvironment = _ => null;

    [Fact]
    public void Inline_io_asks_for_inline_completions_on_one_event_thread()
    {
        var variables = InlineSocketIo.VariablesToSet(Configuration(("Vigil:Broker:InlineSocketIo", "true")), EmptyEnvironment);

        Assert.Equal(new Dictionary<string, string>
        {
            [InlineSocketIo.CompletionsVariable] = "1",
            [InlineSocketIo.ThreadCountVariable] = "1",
        }, variables);
    }

    [Fact]
    public void What_the_operator_set_in_the_environment_is_kept()
    {
        var variables = InlineSocketIo.VariablesToSet(Configuration(("Vigil:Broker:InlineSocketIo", "true")),
            name => name == InlineSocketIo.ThreadCountVariable ? "2" : null);

        Assert.Equal([InlineSocketIo.CompletionsVariable], variables.Keys);
    }

    [Theory]
    [InlineData("false", "true")]
    [InlineData("true", "false")]
    public void Nothing_is_set_unless_the_broker_is_on_with_inline_io(string inline, string enabled)
    {
        var configuration = Configuration(("Vigil:Broker:InlineSocketIo", inline), ("Vigil:Broker:Enabled", enabled));

        Assert.Empty(InlineSocketIo.VariablesToSet(configuration, EmptyEnvironment));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value))).Build();
}
