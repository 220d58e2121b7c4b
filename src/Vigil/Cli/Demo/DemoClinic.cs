using Microsoft.EntityFrameworkCore;
using Vigil.Care;
using Vigil.Identity.Staff;
using Vigil.Infrastructure.Database;

namespace Vigil.Cli.Demo;

/// <summary>The demo clinic: patients of two clinicians and four weeks of their sessions, through the care services.</summary>
internal sealed class DemoClinic(IServiceProvider services, TimeProvider clock, Random random)
{
    private static readonly (string First, string Last, string Gender)[] People =
    [
        ("María", "Hernández", "female"), ("José", "Martínez", "male"), ("Lucía", "Rodríguez", "female"), ("Carlos", "Gómez", "male"),
        ("Sofía", "López", "female"), ("Miguel", "Díaz", "male"), ("Valeria", "Torres", "female"), ("Jorge", "Ramírez", "male"),
        ("Fernanda", "Flores", "female"), ("Alex", "Cruz", "other"), ("Daniela", "Morales", "female"), ("Ricardo", "Vargas", "male"),
    ];

    public async Task RunAsync(IReadOnlyList<string> clinicianEmails, CancellationToken ct)
    {
        var db = services.GetRequiredService<VigilDb>();
        var clinicians = await db.Set<StaffAccount>().Where(a => clinicianEmails.Contains(a.Email)).Select(a => a.Id).ToListAsync(ct);
        var patients = services.GetRequiredService<CarePatients>();
        var sessions = services.GetRequiredService<CareSessions>();
        var admin = new CareAccess(Guid.Empty, Admin: true, Support: false, Clinician: false);
        var now = clock.GetUtcNow();
        for (var i = 0; i < People.Length; i++)
        {
            var (first, last, gender) = People[i];
            var clinician = clinicians[i % clinicians.Count];
            var registered = await patients.RegisterAsync(admin, new CarePatients.PatientInput(first, last, gender, $"55{10_000_000 + i * 7_919}",
                BirthDate: new DateOnly(1950 + random.Next(0, 50), random.Next(1, 13), random.Next(1, 29)), ClinicianId: clinician), ct);
            var record = registered.Record ?? throw new InvalidOperationException($"patient {first} {last}: {registered.Refusal}");
            var clinicianAccess = new CareAccess(clinician, Admin: false, Support: false, Clinician: true);
            for (var s = random.Next(3, 9); s > 0; s--)
            {
                var intervention = CatalogSeed.Interventions[random.Next(CatalogSeed.Interventions.Length)];
                var date = now.AddDays(-random.Next(0, 28)).AddHours(-random.Next(0, 8));
                await sessions.WriteAsync(clinicianAccess, new CareSessions.SessionInput(record.Id, date, intervention.ServiceId, intervention.Id,
                    100 + random.Next(CatalogSeed.Tools.Length), 200 + random.Next(CatalogSeed.Motives.Length), random.Next(0, 4) * 150m), ct);
            }
        }
    }
}
