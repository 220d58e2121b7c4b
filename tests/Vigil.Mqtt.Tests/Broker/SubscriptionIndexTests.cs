using Vigil.Mqtt.Broker;
using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Tests.Broker;

public sealed class SubscriptionIndexTests
{
    private readonly SubscriptionIndex _index = new();
    private readonly MqttSession _session = new("s", new MqttBrokerStatistics(), 10);

    private Subscription Add(string filter)
    {
        Assert.True(Subscription.TryParse(filter, out var topicFilter, out var group));
        var subscription = new Subscription(_session, topicFilter, group, new TopicSubscription(filter), null);
        _index.Add(subscription);
        return subscription;
    }

    private string[] Match(string topic)
    {
        var found = new List<Subscription>();
        _index.Match(topic, [], found);
        return [.. found.Select(s => s.Filter).Order()];
    }

    [Theory]
    [InlineData("a/b/c", new[] { "#", "a/#", "a/+/c", "a/b/#", "a/b/c", "+/+/+" })]
    [InlineData("a/b", new[] { "#", "a/#", "a/+", "a/b/#" })]
    [InlineData("a", new[] { "#", "a/#" })]
    [InlineData("a/", new[] { "#", "a/", "a/#", "a/+" })]
    [InlineData("/a", new[] { "#", "/+" })]
    [InlineData("$SYS/x", new[] { "$SYS/#" })]
    public void The_trie_and_the_exact_map_agree_with_the_matching_rules(string topic, string[] expected)
    {
        foreach (var filter in new[] { "#", "a/#", "a/+/c", "a/b/#", "a/b/c", "+/+/+", "a/", "a/+", "/+", "$SYS/#", "b/#", "a/b/c/d" })
        {
            Add(filter);
        }
        Assert.Equal(expected.Order(), Match(topic));
        Assert.All(expected, f => Assert.True(TopicFilter.Matches(f, topic)));
    }

    [Fact]
    public void A_removed_subscription_no_longer_matches()
    {
        var exact = Add("x/y");
        var wild = Add("x/+");
        _index.Remove(exact);
        _index.Remove(wild);
        Assert.Empty(Match("x/y"));
        Assert.Equal(0, _index.Count);
    }

    [Fact]
    public void Shared_subscriptions_match_by_their_inner_filter_once_per_group()
    {
        Add("$share/g/jobs/+");
        Add("$share/h/jobs/#");
        Assert.Equal(["$share/g/jobs/+", "$share/h/jobs/#"], Match("jobs/1"));
        Assert.False(Subscription.TryParse("$share/g+/x", out _, out _));
        Assert.False(Subscription.TryParse("$share//x", out _, out _));
        Assert.False(Subscription.TryParse("$share/g", out _, out _));
    }

    [Fact]
    public void Subscribers_of_one_filter_leave_in_any_order_and_the_others_still_match()
    {
        var sessions = Enumerable.Range(0, 4).Select(i => new MqttSession($"s{i}", new MqttBrokerStatistics(), 10)).ToArray();
        var direct = sessions.Take(3).Select(s => new Subscription(s, "t/1", null, new TopicSubscription("t/1"), null)).ToArray();
        var shared = new Subscription(sessions[3], "t/1", "g", new TopicSubscription("$share/g/t/1"), null);
        foreach (var subscription in direct.Append(shared))
        {
            _index.Add(subscription);
        }

        _index.Remove(direct[1]);
        Assert.Equal(["$share/g/t/1", "t/1", "t/1"], Match("t/1"));
        _index.Remove(shared);
        _index.Remove(direct[0]);
        var found = new List<Subscription>();
        _index.Match("t/1", [], found);
        Assert.Same(direct[2], Assert.Single(found));
        _index.Remove(direct[2]);
        Assert.Empty(Match("t/1"));
        Assert.Equal(0, _index.Count);
    }

    [Fact]
    public void A_filter_held_by_one_subscription_alone_takes_a_second_subscriber_a_shared_group_and_removals()
    {
        var sessions = Enumerable.Range(0, 3).Select(i => new MqttSession($"a{i}", new MqttBrokerStatistics(), 10)).ToArray();
        var first = new Subscription(sessions[0], "u1_t", null, new TopicSubscription("u1_t"), null);
        var second = new Subscription(sessions[1], "u1_t", null, new TopicSubscription("u1_t"), null);
        var stranger = new Subscription(sessions[2], "u1_t", null, new TopicSubscription("u1_t"), null);
        _index.Add(first);
        Assert.False(_index.Remove(stranger)); // not the one that holds the filter
        Assert.Equal(["u1_t"], Match("u1_t"));
        _index.Add(second);
        Assert.Equal(["u1_t", "u1_t"], Match("u1_t"));
        Assert.True(_index.Remove(first));
        var found = new List<Subscription>();
        _index.Match("u1_t", [], found);
        Assert.Same(second, Assert.Single(found));
        Assert.True(_index.Remove(second));
        Assert.Empty(Match("u1_t"));

        var alone = new Subscription(sessions[0], "u2_t", null, new TopicSubscription("u2_t"), null);
        _index.Add(alone);
        var shared = new Subscription(sessions[1], "u2_t", "g", new TopicSubscription("$share/g/u2_t"), null);
        _index.Add(shared);
        Assert.Equal(["$share/g/u2_t", "u2_t"], Match("u2_t"));
        Assert.Same(shared, _index.PickShared(new MqttInterest("u2_t", "g")));
        Assert.True(_index.Remove(alone));
        Assert.Equal(["$share/g/u2_t"], Match("u2_t"));
        Assert.True(_index.Remove(shared));
        Assert.Empty(Match("u2_t"));
        Assert.Equal(0, _index.Count);
    }
}
