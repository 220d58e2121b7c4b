namespace Vigil.Infrastructure.Database;

/// <summary>
/// Reports database failures without flooding the log: during an outage every request fails the same way,
/// so the first failure of an interval is logged in one line (no stack trace) and the rest are counted
/// into the next line. Failures that are not an outage are the caller's to log as errors.
/// </summary>
public sealed class DatabaseOutage(ILogger<DatabaseOutage> logger, TimeProvider clock)
{
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private DateTimeOffset _lastLogged = DateTimeOffset.MinValue;
    private int _unlogged;

    /// <summary>Records a failure of <paramref name="operation"/>: an outage as above, anything else as an error with its stack trace.</summary>
    public void Record(Exception e, string operation)
    {
        if (!Report(e))
        {
            logger.LogError(e, "{Operation} failed in the database", operation);
        }
    }

    /// <summary>Records a failure; true when it was an outage (and so is handled here), false when the caller must log it.</summary>
    public bool Report(Exception e)
    {
        if (!DbErrors.IsUnavailable(e))
        {
            return false;
        }
        Observability.VigilMetrics.DatabaseUnavailable.Add(1);
        int suppressed;
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (now - _lastLogged < LogInterval && now >= _lastLogged)
            {
                _unlogged++;
                return true;
            }
            (_lastLogged, suppressed, _unlogged) = (now, _unlogged, 0);
        }
        logger.LogError("The database is unavailable: {Reason} ({Suppressed} more failures since the last report; the next report comes in {Interval} at the earliest)",
            e.GetBaseException().Message, suppressed, LogInterval);
        return true;
    }
}
