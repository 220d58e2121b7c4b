using System.Globalization;
using Microsoft.Extensions.Options;
using Vigil.Infrastructure.Validation;

namespace Vigil.Portal;

/// <summary>Shows instants in the portal's configured time zone, and tells which day "today" is there.</summary>
public sealed class PortalClock(IOptions<PortalOptions> options, TimeProvider clock)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public string ZoneName => _zone.Id;

    public DateTimeOffset Now => TimeZoneInfo.ConvertTime(clock.GetUtcNow(), _zone);

    public DateOnly Today => DateOnly.FromDateTime(Now.DateTime);

    public string Show(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, _zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public string Show(DateTimeOffset? instant) => instant is { } value ? Show(value) : "";

    /// <summary>
    /// A <c>datetime-local</c> form value, read as a time in the portal's zone. A value outside the plausible
    /// range is kept as UTC, where applying an offset could not overflow (year 9999 plus six hours), so the
    /// services' own checks refuse it.
    /// </summary>
    public DateTimeOffset FromLocal(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return InputRanges.IsPlausible(DateOnly.FromDateTime(unspecified))
            ? new(unspecified, _zone.GetUtcOffset(unspecified))
            : new(unspecified, TimeSpan.Zero);
    }

    public string ToLocalInput(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, _zone).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
}
