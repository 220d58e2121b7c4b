namespace Vigil.Care;

/// <summary>The original clinic system's catalogues as the Care migration first seeded them (frozen there): for demo data and tests.</summary>
public static class CatalogSeed
{
    public static readonly (int Id, string Name)[] Services = [(1, "Acompañamiento"), (2, "Holísticos"), (3, "Alternativas")];

    public static readonly (int Id, int ServiceId, string Name)[] Interventions =
    [
        (10, 1, "Tanatología"), (11, 1, "Acompañamiento Individual"), (12, 1, "Acompañamiento Grupal"), (13, 1, "Logoterapia"), (14, 1, "Mindfulness"),
        (20, 2, "Aromaterapia y Musicoterapia"), (21, 2, "Cristaloterapia"), (22, 2, "Reiki"), (23, 2, "Biomagnetismo"), (24, 2, "Angeloterapia"),
        (25, 2, "Cama térmica de Jade"),
        (30, 3, "Flores de Bach"), (31, 3, "Brisas Ambientales"),
    ];

    public static readonly string[] Tools = ["Contención", "Diálogo", "Ejercicio", "Encuadre", "Infografía", "Dinámica", "Lectura", "Meditación", "Video", "Otro"];

    public static readonly string[] Motives = ["Duelo", "Duelo Grupal", "Divorcio", "Viudez", "Intento de suicidio", "Abuso", "Otro"];
}
