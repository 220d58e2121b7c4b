namespace Vigil.Mqtt.Tests;

public sealed class TopicFilterTests
{
    [Theory]
    [InlineData("sport/tennis/player1", "sport/tennis/player1")]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1")]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/ranking")]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon")]
    [InlineData("sport/#", "sport")]
    [InlineData("#", "sport/tennis")]
    [InlineData("sport/tennis/+", "sport/tennis/player1")]
    [InlineData("sport/+", "sport/")]
    [InlineData("+/+", "/finance")]
    [InlineData("/+", "/finance")]
    [InlineData("+", "")]
    [InlineData("$SYS/#", "$SYS/broker/load")]
    public void A_filter_matches_the_topics_the_specification_says_it_does(string filter, string topic) =>
        Assert.True(TopicFilter.Matches(filter, topic));

    [Theory]
    [InlineData("sport/tennis/+", "sport/tennis/player1/ranking")]
    [InlineData("sport/+", "sport")]
    [InlineData("+", "/finance")]
    [InlineData("sport/tennis", "sport/tennis/player1")]
    [InlineData("sport/tennis/player1", "sport/tennis")]
    [InlineData("#", "$SYS/broker")]
    [InlineData("+/monitor/Clients", "$SYS/monitor/Clients")]
    [InlineData("Sport/#", "sport/tennis")]
    public void A_filter_does_not_match_other_topics(string filter, string topic) =>
        Assert.False(TopicFilter.Matches(filter, topic));

    [Theory]
    [InlineData("sport/tennis/#", true)]
    [InlineData("sport/tennis#", false)]
    [InlineData("sport/tennis/#/ranking", false)]
    [InlineData("+", true)]
    [InlineData("+/tennis/#", true)]
    [InlineData("sport+", false)]
    [InlineData("sport/+/player1", true)]
    [InlineData("", false)]
    [InlineData("a\0b", false)]
    public void Filters_are_validated(string filter, bool valid) =>
        Assert.Equal(valid, TopicFilter.IsValidFilter(filter));

    [Theory]
    [InlineData("users/42/inbox", true)]
    [InlineData("users/+/inbox", false)]
    [InlineData("users/#", false)]
    [InlineData("", false)]
    public void Topic_names_are_validated(string topic, bool valid) =>
        Assert.Equal(valid, TopicFilter.IsValidTopicName(topic));
}
