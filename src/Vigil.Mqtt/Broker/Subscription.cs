using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Broker;

/// <summary>
/// One session's subscription to one filter. There are ten or more per phone, so it keeps only what cannot be
/// derived: not the full filter (rebuilt when shared, which is rare), the options as their wire byte, no identifier
/// as 0 (which MQTT 5 does not allow as one).
/// </summary>
internal sealed class Subscription(MqttSession session, string topicFilter, string? shareGroup, TopicSubscription options, int? identifier)
{
    private readonly int _identifier = identifier ?? 0;
    private readonly byte _options = options.Options;

    public MqttSession Session { get; } = session;
    /// <summary>The filter as the client sent it (the key of the subscription).</summary>
    public string Filter => ShareGroup is null ? TopicFilter : $"$share/{ShareGroup}/{TopicFilter}";
    /// <summary>The filter matched against topics (without <c>$share/group/</c>).</summary>
    public string TopicFilter { get; } = topicFilter;
    public string? ShareGroup { get; } = shareGroup;
    /// <summary>The subscription options; their filter is <see cref="TopicFilter"/>, so that deliveries allocate nothing.</summary>
    public TopicSubscription Options => TopicSubscription.FromOptions(TopicFilter, _options);
    public int? Identifier => _identifier == 0 ? null : _identifier;

    /// <summary>Whether <paramref name="filter"/> is <see cref="Filter"/>, without building a shared one.</summary>
    public bool HasFilter(string filter)
    {
        if (ShareGroup is not { } group)
        {
            return filter == TopicFilter;
        }
        const string Prefix = "$share/";
        return filter.Length == Prefix.Length + group.Length + 1 + TopicFilter.Length
            && filter.StartsWith(Prefix, StringComparison.Ordinal)
            && string.CompareOrdinal(filter, Prefix.Length, group, 0, group.Length) == 0
            && filter[Prefix.Length + group.Length] == '/'
            && filter.EndsWith(TopicFilter, StringComparison.Ordinal);
    }

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
