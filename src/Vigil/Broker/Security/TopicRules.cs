using Microsoft.Extensions.Options;

namespace Vigil.Broker.Security;

/// <summary>
/// The one rule engine for who may subscribe and publish where, used by the in-process broker and by
/// the <c>/broker/auth/…</c> hooks of an external broker alike.
/// </summary>
public sealed class TopicRules(IOptions<BrokerOptions> options)
{
    public const string Device = "device";
    public const string Handler = "handler";

    /// <summary>User ids that may appear in topics: <c>[A-Za-z0-9-]</c>, 1–128 characters.</summary>
    public static bool IsValidUserId(string? userId) =>
        userId is { Length: > 0 and <= 128 } && !userId.AsSpan().ContainsAnyExcept(UserIdCharacters);

    private static readonly System.Buffers.SearchValues<char> UserIdCharacters =
        System.Buffers.SearchValues.Create("-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>
    /// A device may subscribe only to filters whose first level starts with <c>{uid}_</c> (the underscore
    /// included, so user 6894 cannot read 68946_…); this alone refuses <c>#</c>, <c>+/…</c>,
    /// <c>$SYS/#</c> and <c>$share/…</c>. Handlers may subscribe anywhere.
    /// </summary>
    public bool CanSubscribe(string kind, string name, string filter) => kind switch
    {
        Handler => true,
        Device => IsValidUserId(name) && filter.Length > name.Length + 1
            && filter.StartsWith(name, StringComparison.Ordinal) && filter[name.Length] == '_',
        _ => false,
    };

    /// <summary>A device may publish only to the command topics; handlers anywhere.</summary>
    public bool CanPublish(string kind, string name, string topic) => kind switch
    {
        Handler => true,
        Device => IsValidUserId(name) && options.Value.CommandTopics.Contains(topic, StringComparer.Ordinal),
        _ => false,
    };
}
