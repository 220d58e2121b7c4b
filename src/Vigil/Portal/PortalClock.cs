using System.Globalization;
using Microsoft.Extensions.Options;

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

    /// <summary>A <c>datetime-local</c> form value, read as a time in the portal's zone.</summary>
    public DateTimeOffset FromLocal(DateTime local) =>
        new(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), _zone.GetUtcOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified)));

    public string ToLocalInput(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, _zone).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
}
