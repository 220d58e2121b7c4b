using Vigil.Mqtt.Broker;
using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Tests.Broker;

public sealed class SessionSubscriptionsTests
{
    private readonly MqttSession _session = new("s", new MqttBrokerStatistics(), 10);
    private readonly SessionSubscriptions _subscriptions = new();

    private Subscription Make(string filter, int? identifier = null)
    {
        Assert.True(Subscription.TryParse(filter, out var topicFilter, out var group));
        return new Subscription(_session, topicFilter, group, new TopicSubscription(filter), identifier);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(SessionSubscriptions.SmallLimit + 5)]
    public void Finds_replaces_and_removes_by_filter_below_and_past_the_array_limit(int count)
    {
        var filters = Enumerable.Range(0, count).Select(i => i % 3 == 0 ? $"$share/g{i}/t/{i}" : $"t/{i}").ToArray();
        foreach (var filter in filters)
        {
            _subscriptions[filter] = Make(filter);
        }
        Assert.Equal(count, _subscriptions.Count);
        Assert.All(filters, filter => Assert.True(_subscriptions.TryGetValue(filter, out var found) && found.Filter == filter));

        var replacement = Make(filters[1], identifier: 7);
        _subscriptions[filters[1]] = replacement;
        Assert.Equal(count, _subscriptions.Count);
        Assert.Same(replacement, _subscriptions.TryGetValue(filters[1], out var again) ? again : null);

        Assert.True(_subscriptions.Remove(filters[0], out var removed));
        Assert.Equal(filters[0], removed.Filter);
        Assert.False(_subscriptions.TryGetValue(filters[0], out _));
        Assert.False(_subscriptions.Remove(filters[0], out _));
        Assert.Equal(filters.Skip(1).Order(), _subscriptions.Select(s => s.Filter).Order());
    }

    [Fact]
    public void A_shared_filter_is_not_taken_for_its_topic_filter_or_another_group()
    {
        _subscriptions["$share/g/a/b"] = Make("$share/g/a/b");
        Assert.False(_subscriptions.TryGetValue("a/b", out _));
        Assert.False(_subscriptions.TryGetValue("$share/h/a/b", out _));
        Assert.False(_subscriptions.TryGetValue("$share/g/a/bc", out _));
        Assert.False(_subscriptions.TryGetValue("$share/ga/b", out _));
        Assert.True(_subscriptions.TryGetValue("$share/g/a/b", out _));
    }

    [Fact]
    public void Clear_leaves_nothing_to_enumerate()
    {
        for (var i = 0; i < SessionSubscriptions.SmallLimit + 1; i++)
        {
            _subscriptions[$"t/{i}"] = Make($"t/{i}");
        }
        _subscriptions.Clear();
        Assert.Equal(0, _subscriptions.Count);
        Assert.Empty(_subscriptions);
        _subscriptions["x"] = Make("x");
        Assert.Equal(["x"], _subscriptions.Select(s => s.Filter));
    }
}
