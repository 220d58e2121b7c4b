using Vigil.Broker.Cluster;
using Vigil.Mqtt;

namespace Vigil.Tests.Broker.Cluster;

/// <summary>The topic↔subject mapping is total, reversible, and matches as MQTT matches (property tests over generated topics).</summary>
public sealed class NatsSubjectsTests
{
    private static readonly string[] Pieces = ["a", "b", "7", ".", " ", "*", ">", "%", "%2E", "$", "é", "\t", "ü", "😀", "x.y", "\u00a0", "_", "-", "~"];
    private readonly NatsSubjects _subjects = new("vigil");

    private static string Level(Random random)
    {
        var length = random.Next(0, 4); // 0: an empty level
        return string.Concat(Enumerable.Range(0, length).Select(_ => Pieces[random.Next(Pieces.Length)]));
    }

    private static string Topic(Random random)
    {
        var topic = string.Join('/', Enumerable.Range(0, random.Next(1, 5)).Select(_ => Level(random)));
        return topic.Length == 0 ? "/" : topic;
    }

    private static string Filter(Random random, string topic)
    {
        var levels = topic.Split('/').ToList();
        for (var i = 0; i < levels.Count; i++)
        {
            if (random.Next(4) == 0)
            {
                levels[i] = "+";
            }
        }
        if (random.Next(3) == 0)
        {
            levels = [.. levels.Take(random.Next(0, levels.Count + 1)), "#"];
        }
        return string.Join('/', levels);
    }

    [Fact]
    public void Every_topic_becomes_a_literal_valid_subject_that_maps_back_to_it()
    {
        var random = new Random(1234);
        for (var i = 0; i < 20_000; i++)
        {
            var topic = Topic(random);
            var subject = _subjects.FromTopic(topic);
            var tokens = subject.Split('.');
            Assert.All(tokens, t => Assert.True(t.Length > 0 && t is not ("*" or ">") && !t.Any(char.IsWhiteSpace), $"{topic} -> {subject}"));
            Assert.Equal(topic, _subjects.ToTopic(subject));
        }
    }

    [Fact]
    public void A_filter_subject_matches_a_topic_subject_exactly_when_the_mqtt_filter_matches_the_topic()
    {
        var random = new Random(5678);
        for (var i = 0; i < 20_000; i++)
        {
            var topic = Topic(random);
            var filter = random.Next(2) == 0 ? Filter(random, topic) : Filter(random, Topic(random));
            var mqtt = TopicFilter.Matches(filter, topic);
            var nats = _subjects.FromFilter(filter).Any(s => NatsMatches(s, _subjects.FromTopic(topic)));
            if (topic.StartsWith('$'))
            {
                // NATS wildcards also match $ topics at the root; the receiving node checks MQTT's rule.
                Assert.True(!mqtt || nats, $"{filter} / {topic}");
            }
            else
            {
                Assert.True(mqtt == nats, $"{filter} / {topic}: mqtt {mqtt}, nats {nats}");
            }
        }
    }

    [Theory]
    [InlineData("a/b", "vigil.t.a.b")]
    [InlineData("a.b/c d", "vigil.t.a%2Eb.c%20d")]
    [InlineData("/a//", "vigil.t.%.a.%.%")]
    [InlineData("$SYS/*/>", "vigil.t.$SYS.%2A.%3E")]
    [InlineData("100%", "vigil.t.100%25")]
    public void Topics_map_as_documented(string topic, string subject) => Assert.Equal(subject, _subjects.FromTopic(topic));

    [Theory]
    [InlineData("a/+/c", new[] { "vigil.t.a.*.c" })]
    [InlineData("a/#", new[] { "vigil.t.a.>", "vigil.t.a" })]
    [InlineData("#", new[] { "vigil.t.>" })]
    public void Filters_map_as_documented(string filter, string[] subjects) => Assert.Equal(subjects, _subjects.FromFilter(filter));

    [Theory]
    [InlineData("vigil.x.a")]
    [InlineData("vigil.t.a.*")]
    [InlineData("vigil.t.a..b")]
    [InlineData("vigil.t.%4")]
    public void What_is_not_a_mapped_topic_maps_to_nothing(string subject) => Assert.Null(_subjects.ToTopic(subject));

    /// <summary>NATS's rule: <c>*</c> is one token, <c>&gt;</c> one or more trailing tokens.</summary>
    private static bool NatsMatches(string filter, string subject)
    {
        var f = filter.Split('.');
        var s = subject.Split('.');
        for (var i = 0; i < f.Length; i++)
        {
            if (f[i] == ">")
            {
                return s.Length > i;
            }
            if (i >= s.Length || (f[i] != "*" && f[i] != s[i]))
            {
                return false;
            }
        }
        return f.Length == s.Length;
    }
}
