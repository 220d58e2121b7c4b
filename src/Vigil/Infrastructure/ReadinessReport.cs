using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Vigil.Infrastructure;

/// <summary><c>/readyz</c>'s body: <c>Healthy</c>, or the status and one line per failing check saying why (no secrets).</summary>
internal static class ReadinessReport
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var text = new StringBuilder(report.Status.ToString());
        foreach (var (name, entry) in report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy))
        {
            text.Append('\n').Append(name).Append(": ").Append(entry.Description ?? entry.Status.ToString());
        }
        return context.Response.WriteAsync(text.ToString());
    }
}
