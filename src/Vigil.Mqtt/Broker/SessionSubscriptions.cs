using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Vigil.Mqtt.Broker;

/// <summary>
/// A session's subscriptions by the filter the client sent. Most sessions are phones with a handful, so up to
/// <see cref="SmallLimit"/> they sit in an exact-size array searched in order (ten cost ~100 bytes there, ~600 in a
/// dictionary); past it, in a dictionary, so that a client with many subscriptions cannot make every SUBSCRIBE a
/// linear search. Used under the session's gate, like the rest of <see cref="MqttSession"/>.
/// </summary>
internal sealed class SessionSubscriptions : IEnumerable<Subscription>
{
    internal const int SmallLimit = 16;

    private Subscription[] _small = [];
    private Dictionary<string, Subscription>? _large;

    public int Count => _large?.Count ?? _small.Length;

    public bool TryGetValue(string filter, [MaybeNullWhen(false)] out Subscription subscription)
    {
        if (_large is { } large)
        {
            return large.TryGetValue(filter, out subscription);
        }
        var index = IndexOf(filter);
        subscription = index >= 0 ? _small[index] : null;
        return subscription is not null;
    }

    /// <summary>Adds the subscription, or replaces the one with the same filter.</summary>
    public Subscription this[string filter]
    {
        set
        {
            if (_large is { } large)
            {
                large[filter] = value;
            }
            else if (IndexOf(filter) is var index and >= 0)
            {
                _small[index] = value;
            }
            else if (_small.Length < SmallLimit)
            {
                _small = [.. _small, value];
            }
            else
            {
                _large = new Dictionary<string, Subscription>(SmallLimit * 2, StringComparer.Ordinal);
                foreach (var small in _small)
                {
                    _large[small.Filter] = small;
                }
                _large[filter] = value;
                _small = [];
            }
        }
    }

    public bool Remove(string filter, [MaybeNullWhen(false)] out Subscription subscription)
    {
        if (_large is { } large)
        {
            return large.Remove(filter, out subscription);
        }
        var index = IndexOf(filter);
        if (index < 0)
        {
            subscription = null;
            return false;
        }
        subscription = _small[index];
        _small = [.. _small.AsSpan(0, index), .. _small.AsSpan(index + 1)];
        return true;
    }

    public void Clear()
    {
        _small = [];
        _large = null;
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<Subscription> IEnumerable<Subscription>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string filter)
    {
        var small = _small;
        for (var i = 0; i < small.Length; i++)
        {
            if (small[i].HasFilter(filter))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Walks the array or the dictionary without allocating for the array.</summary>
    public struct Enumerator(SessionSubscriptions owner) : IEnumerator<Subscription>
    {
        private readonly Subscription[] _small = owner._small;
        private Dictionary<string, Subscription>.ValueCollection.Enumerator _large = owner._large?.Values.GetEnumerator() ?? default;
        private readonly bool _isLarge = owner._large is not null;
        private int _index = -1;

        public readonly Subscription Current => _isLarge ? _large.Current : _small[_index];

        readonly object IEnumerator.Current => Current;

        public bool MoveNext() => _isLarge ? _large.MoveNext() : ++_index < _small.Length;

        public readonly void Reset() => throw new NotSupportedException();

        public readonly void Dispose()
        {
        }
    }
}
