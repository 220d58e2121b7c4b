namespace Vigil.Infrastructure.Secrets;

/// <summary>Values shown in the documentation: never acceptable in Production.</summary>
public static class ExampleSecrets
{
    public const string Marker = "EXAMPLE";

    public static bool IsExample(string value) =>
        value.Contains(Marker, StringComparison.OrdinalIgnoreCase)
        || value.Contains("changeme", StringComparison.OrdinalIgnoreCase)
        || value.Contains("change-me", StringComparison.OrdinalIgnoreCase);
}
