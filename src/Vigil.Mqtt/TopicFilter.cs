namespace Vigil.Mqtt;

/// <summary>MQTT topic names and filters (MQTT 3.1.1 §4.7 / 5.0 §4.7): validation and wildcard matching.</summary>
public static class TopicFilter
{
    /// <summary>
    /// True when <paramref name="topic"/> is a valid topic name: non-empty, no wildcards, no NUL, at most
    /// 65,535 UTF-8 bytes.
    /// </summary>
    public static bool IsValidTopicName(ReadOnlySpan<char> topic) =>
        topic.Length > 0 && topic.IndexOfAny('+', '#', '\0') < 0 && System.Text.Encoding.UTF8.GetByteCount(topic) <= ushort.MaxValue;

    /// <summary>
    /// True when <paramref name="filter"/> is a valid topic filter: <c>+</c> occupies a whole level,
    /// <c>#</c> a whole last level; no NUL; non-empty.
    /// </summary>
    public static bool IsValidFilter(ReadOnlySpan<char> filter)
    {
        if (filter.Length == 0 || filter.Contains('\0') || System.Text.Encoding.UTF8.GetByteCount(filter) > ushort.MaxValue)
        {
            return false;
        }
        var remaining = filter;
        while (true)
        {
            var slash = remaining.IndexOf('/');
            var level = slash < 0 ? remaining : remaining[..slash];
            if (level.Contains('#') && (level.Length != 1 || slash >= 0))
            {
                return false;
            }
            if (level.Contains('+') && level.Length != 1)
            {
                return false;
            }
            if (slash < 0)
            {
                return true;
            }
            remaining = remaining[(slash + 1)..];
        }
    }

    /// <summary>
    /// True when the topic name matches the (valid) filter. Topics starting with <c>$</c> are not matched
    /// by a filter starting with a wildcard.
    /// </summary>
    public static bool Matches(ReadOnlySpan<char> filter, ReadOnlySpan<char> topic)
    {
        if (topic.Length > 0 && topic[0] == '$' && filter.Length > 0 && filter[0] is '+' or '#')
        {
            return false;
        }
        while (true)
        {
            var filterSlash = filter.IndexOf('/');
            var filterLevel = filterSlash < 0 ? filter : filter[..filterSlash];
            if (filterLevel is "#")
            {
                return true;
            }
            var topicSlash = topic.IndexOf('/');
            var topicLevel = topicSlash < 0 ? topic : topic[..topicSlash];
            if (filterLevel is not "+" && !filterLevel.SequenceEqual(topicLevel))
            {
                return false;
            }
            if (filterSlash < 0 || topicSlash < 0)
            {
                // "a/#" also matches "a": the rest of the filter may be a lone "#".
                return filterSlash < 0 && topicSlash < 0 || topicSlash < 0 && filter[(filterSlash + 1)..] is "#";
            }
            filter = filter[(filterSlash + 1)..];
            topic = topic[(topicSlash + 1)..];
        }
    }
}
