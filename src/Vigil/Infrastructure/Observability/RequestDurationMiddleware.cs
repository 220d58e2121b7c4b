using System.Diagnostics;

namespace Vigil.Infrastructure.Observability;

/// <summary>
/// Times every request from the front of the pipeline and hands it to <see cref="RequestDurations"/>. Not async
/// itself: a request that completes synchronously passes through without a state machine.
/// </summary>
internal sealed class RequestDurationMiddleware(RequestDelegate next, RequestDurations durations)
{
    public Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        Task pending;
        try
        {
            pending = next(context);
        }
        catch (Exception e)
        {
            durations.Add(FinishedRequest.Of(context, started, e));
            throw;
        }
        if (!pending.IsCompletedSuccessfully)
        {
            return AfterAsync(pending, context, started);
        }
        durations.Add(FinishedRequest.Of(context, started, null));
        return Task.CompletedTask;
    }

    private async Task AfterAsync(Task pending, HttpContext context, long started)
    {
        try
        {
            await pending;
        }
        catch (Exception e)
        {
            durations.Add(FinishedRequest.Of(context, started, e));
            throw;
        }
        durations.Add(FinishedRequest.Of(context, started, null));
    }
}
