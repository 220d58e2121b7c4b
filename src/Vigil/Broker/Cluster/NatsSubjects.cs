using System.Buffers;
using System.Globalization;
using System.Text;

namespace Vigil.Broker.Cluster;

/// <summary>
/// MQTT topics and filters as NATS subjects, under a prefix: each topic level is one subject token. The mapping is
/// total and reversible: a token keeps the level's characters except those NATS reserves or forbids, which become
/// <c>%XX</c> (the UTF-8 bytes in hex) — <c>.</c>, <c>*</c>, <c>&gt;</c>, <c>%</c>, white space and control
/// characters — and an empty level becomes the token <c>%</c> (which no escaped level can be). In filters <c>+</c>
/// becomes <c>*</c>; <c>#</c> becomes <c>&gt;</c> plus, because MQTT's <c>a/#</c> also matches <c>a</c>, the
/// parent subject itself (see <see cref="FromFilter"/>).
/// </summary>
public sealed class NatsSubjects(string prefix)
{
    private const string EmptyLevel = "%";
    private static readonly SearchValues<char> Plain = SearchValues.Create(
        "!\"#$&'()+,-/0123456789:;<=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private static readonly SearchValues<char> SimpleSubject = SearchValues.Create("-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz.");

    private readonly string _topics = prefix + ".t.";

    /// <summary>The subject for subscriptions that receive every topic.</summary>
    public string AllTopics => _topics + ">";

    // Levels made only of these need no escaping, so a topic of them maps by replacing '/' with '.'.
    private static readonly SearchValues<char> Simple = SearchValues.Create("-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz/");

    /// <summary>The literal subject of a topic name.</summary>
    public string FromTopic(string topic)
    {
        if (!topic.AsSpan().ContainsAnyExcept(Simple) && !topic.StartsWith('/') && !topic.EndsWith('/') && !topic.Contains("//", StringComparison.Ordinal))
        {
            return string.Concat(_topics, topic.Replace('/', '.'));
        }
        var builder = new StringBuilder(_topics.Length + topic.Length + 8).Append(_topics);
        var first = true;
        foreach (var level in topic.Split('/'))
        {
            if (!first)
            {
                builder.Append('.');
            }
            first = false;
            AppendToken(builder, level);
        }
        return builder.ToString();
    }

    /// <summary>
    /// The subjects whose union matches what <paramref name="filter"/> matches: one, or two for a filter ending in
    /// <c>/#</c> (<c>a.&gt;</c> and <c>a</c>). Root wildcards match <c>$</c> topics in NATS; receivers re-check.
    /// </summary>
    public IReadOnlyList<string> FromFilter(string filter)
    {
        var levels = filter.Split('/');
        var builder = new StringBuilder(_topics);
        for (var i = 0; i < levels.Length; i++)
        {
            if (i > 0)
            {
                builder.Append('.');
            }
            var level = levels[i];
            if (level == "#")
            {
                var parent = i == 0 ? null : builder.ToString(0, builder.Length - 1);
                var all = builder.Append('>').ToString();
                return parent is null ? [all] : [all, parent];
            }
            if (level == "+")
            {
                builder.Append('*');
            }
            else
            {
                AppendToken(builder, level);
            }
        }
        return [builder.ToString()];
    }

    /// <summary>The topic of a literal subject made by <see cref="FromTopic"/>; null when it is not one.</summary>
    public string? ToTopic(string subject)
    {
        if (!subject.StartsWith(_topics, StringComparison.Ordinal))
        {
            return null;
        }
        var rest = subject.AsSpan(_topics.Length);
        if (!rest.ContainsAnyExcept(SimpleSubject) && rest.Length > 0 && rest[0] != '.' && rest[^1] != '.' && !rest.Contains("..", StringComparison.Ordinal))
        {
            return rest.ToString().Replace('.', '/');
        }
        var tokens = subject[_topics.Length..].Split('.');
        var builder = new StringBuilder(subject.Length);
        for (var i = 0; i < tokens.Length; i++)
        {
            if (i > 0)
            {
                builder.Append('/');
            }
            if (!TryAppendLevel(builder, tokens[i]))
            {
                return null;
            }
        }
        return builder.ToString();
    }

    /// <summary>A NATS queue group name for an MQTT share group (escaped as a token, never empty).</summary>
    public static string QueueGroup(string shareGroup)
    {
        var builder = new StringBuilder("g");
        AppendToken(builder, shareGroup);
        return builder.ToString();
    }

    private static void AppendToken(StringBuilder builder, string level)
    {
        if (level.Length == 0)
        {
            builder.Append(EmptyLevel);
            return;
        }
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < level.Length; i++)
        {
            var c = level[i];
            if (Plain.Contains(c) || (c > 0x7F && !char.IsWhiteSpace(c) && !char.IsControl(c) && !char.IsSurrogate(c)))
            {
                builder.Append(c);
                continue;
            }
            var length = char.IsHighSurrogate(c) && i + 1 < level.Length
                ? Encoding.UTF8.GetBytes(level.AsSpan(i++, 2), utf8)
                : Encoding.UTF8.GetBytes(level.AsSpan(i, 1), utf8);
            foreach (var b in utf8[..length])
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
    }

    private static bool TryAppendLevel(StringBuilder builder, string token)
    {
        if (token == EmptyLevel)
        {
            return true;
        }
        if (token.Length == 0 || token is "*" or ">")
        {
            return false;
        }
        var bytes = new List<byte>();
        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] != '%')
            {
                Flush(builder, bytes);
                builder.Append(token[i]);
                continue;
            }
            if (i + 2 >= token.Length || !byte.TryParse(token.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                return false;
            }
            bytes.Add(b);
            i += 2;
        }
        Flush(builder, bytes);
        return true;
    }

    private static void Flush(StringBuilder builder, List<byte> bytes)
    {
        if (bytes.Count > 0)
        {
            builder.Append(Encoding.UTF8.GetString([.. bytes]));
            bytes.Clear();
        }
    }
}
