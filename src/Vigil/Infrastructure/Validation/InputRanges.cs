namespace Vigil.Infrastructure.Validation;

/// <summary>
/// The plausible range of every date, time and amount a client sends, checked where it enters, so that no
/// arithmetic on it can overflow (9999-12-31 plus a day) and nothing implausible is stored.
/// </summary>
public static class InputRanges
{
    public static readonly DateOnly EarliestDate = new(1900, 1, 1);
    public static readonly DateOnly LatestDate = new(2199, 12, 31);

    /// <summary>The largest money amount accepted (in the clinic's currency): far above any fee, far below overflow.</summary>
    public const decimal MaxAmount = 1_000_000_000m;

    public static bool IsPlausible(DateOnly date) => date >= EarliestDate && date <= LatestDate;

    public static bool IsPlausible(DateTimeOffset time) => IsPlausible(DateOnly.FromDateTime(time.UtcDateTime));

    /// <summary>Problems in ProblemDetails form for the given optional dates that fall outside the range; null when none.</summary>
    public static Dictionary<string, string[]>? DateProblems(params (string Name, DateOnly? Value)[] dates)
    {
        var problems = dates.Where(d => d.Value is { } value && !IsPlausible(value))
            .ToDictionary(d => d.Name, d => new[] { $"{d.Name} must be a date from {EarliestDate:yyyy-MM-dd} to {LatestDate:yyyy-MM-dd}" });
        return problems.Count > 0 ? problems : null;
    }
}
