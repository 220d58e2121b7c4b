using Vigil.Care;

namespace Vigil.Portal;

/// <summary>A patient's name as the clinic writes it: "Ana López García" in a heading, "López García, Ana" in a list.</summary>
public static class PatientNames
{
    public static string Full(Patient patient) => string.Join(' ', Parts(patient.FirstName, patient.LastName, patient.SecondLastName));

    public static string Listed(Patient patient) =>
        $"{string.Join(' ', Parts(patient.LastName, patient.SecondLastName))}, {patient.FirstName.Trim()}";

    private static IEnumerable<string> Parts(params string?[] names) =>
        names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim());
}
