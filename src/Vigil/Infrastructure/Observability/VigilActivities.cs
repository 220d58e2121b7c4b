using System.Diagnostics;

namespace Vigil.Infrastructure.Observability;

/// <summary>Vigil's own trace source (the contacts commands); HTTP, database and MQTT CONNECT spans come from their instrumentations.</summary>
public static class VigilActivities
{
    public const string SourceName = "Vigil";

    public static readonly ActivitySource Source = new(SourceName);
}
