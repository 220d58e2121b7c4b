using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Broker;

/// <summary>One session's subscription to one filter.</summary>
internal sealed class Subscription(MqttSession session, string filter, string topicFilter, string? shareGroup, TopicSubscription options, int? identifier)
{
    public MqttSession Session { get; } = session;
    /// <summary>The filter as the client sent it (the key of the subscription).</summary>
    public string Filter { get; } = filter;
    /// <summary>The filter matched against topics (without <c>$share/group/</c>).</summary>
    public string TopicFilter { get; } = topicFilter;
    public string? ShareGroup { get; } = shareGroup;
    public TopicSubscription Options { get; } = options;
    public int? Identifier { get; } = identifier;

    public bool HasWildcards => TopicFilter.AsSpan().IndexOfAny('+', '#') >= 0;

    /// <summary>Splits <c>$share/{group}/{filter}</c>; false when the share syntax or the filter is invalid.</summary>
    public static bool TryParse(string filter, out string topicFilter, out string? shareGroup)
    {
        topicFilter = filter;
        shareGroup = null;
        if (filter.StartsWith("$share/", StringComparison.Ordinal))
        {
            var rest = filter.AsSpan("$share/".Length);
            var slash = rest.IndexOf('/');
            if (slash <= 0 || rest[..slash].IndexOfAny('+', '#') >= 0)
            {
                return false;
            }
            shareGroup = rest[..slash].ToString();
            topicFilter = rest[(slash + 1)..].ToString();
        }
        return Mqtt.TopicFilter.IsValidFilter(topicFilter);
    }
}
