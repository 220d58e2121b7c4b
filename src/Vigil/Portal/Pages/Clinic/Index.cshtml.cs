using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vigil.Care;
using Vigil.Identity.Auth;
using Vigil.Infrastructure.Http;

namespace Vigil.Portal.Pages.Clinic;

/// <summary>The clinic's patients (a clinician sees only their own) and registration of new ones.</summary>
[Authorize(Policy = Policies.Clinic)]
public sealed class IndexModel(CarePatients patients) : PageModel
{
    public sealed class PatientForm
    {
        public string FirstName { get; set; } = "";
        public string LastName { get; set; } = "";
        public string? SecondLastName { get; set; }
        public string Gender { get; set; } = "";
        public string Cellphone { get; set; } = "";
        public DateOnly? BirthDate { get; set; }
        public string? Address { get; set; }
    }

    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    [BindProperty] public PatientForm Input { get; set; } = new();

    public List<Patient> Patients { get; private set; } = [];
    public bool CanRegister => User.IsInRole(Roles.ClinicAdmin) || User.IsInRole(Roles.Clinician);

    public async Task OnGetAsync(CancellationToken ct) => Patients = await patients.SearchAsync(CareAccess.Of(User), Search, Paging.First(200), ct);

    public async Task<IActionResult> OnPostRegisterAsync(CancellationToken ct)
    {
        var input = new CarePatients.PatientInput(Input.FirstName, Input.LastName, Input.Gender, Input.Cellphone ?? "", Input.SecondLastName,
            BirthDate: Input.BirthDate, Address: Input.Address);
        var outcome = await patients.RegisterAsync(CareAccess.Of(User), input, ct);
        if (outcome.Patient is { } patient)
        {
            TempData["Notice"] = $"{patient.FirstName} {patient.LastName} registered; their case record is open.";
            return Redirect($"/portal/clinic/patients/{patient.Id}");
        }
        if (outcome.Refusal == CarePatients.Refusal.Forbidden)
        {
            return Forbid(PortalAuth.Scheme);
        }
        foreach (var (field, messages) in outcome.Problems ?? [])
        {
            var key = field switch { "name" => "Input.LastName", "gender" => "Input.Gender", _ => "Input.Cellphone" };
            ModelState.AddModelError(key, string.Join(" ", messages));
        }
        await OnGetAsync(ct);
        return Page();
    }
}
