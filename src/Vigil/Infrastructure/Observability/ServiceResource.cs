using System.Reflection;
using OpenTelemetry.Resources;

namespace Vigil.Infrastructure.Observability;

/// <summary>
/// Who the metrics and traces come from: <c>service.name</c> <c>vigil</c>, the build as <c>service.version</c> and an
/// id of this process as <c>service.instance.id</c>, so that a collector tells Vigil and each of its nodes apart. The
/// standard <c>OTEL_SERVICE_NAME</c> and <c>OTEL_RESOURCE_ATTRIBUTES</c> still have the last word.
/// </summary>
internal static class ServiceResource
{
    public const string Name = "vigil";

    public static string Version { get; } =
        typeof(ServiceResource).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    // The SDK's default resource reads the standard variables first; read again after Vigil's name, they win over it.
    public static void Describe(ResourceBuilder resource) =>
        resource.AddService(Name, serviceVersion: Version).AddEnvironmentVariableDetector();
}
