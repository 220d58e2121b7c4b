using System.Collections.Concurrent;

namespace Vigil.Mqtt.Broker;

/// <summary>The last retained message per topic, bounded in count.</summary>
internal sealed class RetainedStore(int capacity)
{
    private readonly ConcurrentDictionary<string, MqttApplicationMessage> _messages = new(StringComparer.Ordinal);

    public int Count => _messages.Count;

    /// <summary>Stores, replaces or (empty payload) deletes; false when the store is full and the topic is new.</summary>
    public bool Set(MqttApplicationMessage message)
    {
        if (message.Payload.IsEmpty)
        {
            _messages.TryRemove(message.Topic, out _);
            return true;
        }
        if (_messages.Count >= capacity && !_messages.ContainsKey(message.Topic))
        {
            return false;
        }
        _messages[message.Topic] = message;
        return true;
    }

    /// <summary>The retained messages matching a filter; an exact filter is one lookup.</summary>
    public IEnumerable<MqttApplicationMessage> Matching(string filter, DateTimeOffset now)
    {
        if (filter.AsSpan().IndexOfAny('+', '#') < 0)
        {
            return _messages.TryGetValue(filter, out var one) && !IsExpired(one, now) ? [one] : [];
        }
        return _messages.Values.Where(m => TopicFilter.Matches(filter, m.Topic) && !IsExpired(m, now)).ToList();
    }

    private static bool IsExpired(MqttApplicationMessage message, DateTimeOffset now) => message.ExpiresAt <= now;
}
