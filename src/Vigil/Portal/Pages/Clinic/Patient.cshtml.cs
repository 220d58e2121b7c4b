using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vigil.Care;
using Vigil.Identity.Auth;
using Vigil.Infrastructure.Http;

namespace Vigil.Portal.Pages.Clinic;

/// <summary>
/// One patient: details, the latest case record with its sessions, a new session, and the record's
/// close / reopen / reassign actions. A clinician opening another clinician's patient gets 404, as in the API.
/// </summary>
[Authorize(Policy = Policies.Clinic)]
public sealed class PatientModel(CarePatients patients, CaseRecords records, CareSessions sessions, PortalClock clock, TimeProvider time) : PageModel
{
    public sealed class SessionForm
    {
        public DateTime Date { get; set; }
        public int ServiceId { get; set; }
        public int InterventionId { get; set; }
        public int ToolId { get; set; }
        public int MotiveId { get; set; }
        public decimal RecoveryFee { get; set; }
        public string? Evaluation { get; set; }
        public bool ClosesRecord { get; set; }
    }

    [BindProperty] public SessionForm Session { get; set; } = new();
    [BindProperty] public string? FirstName { get; set; }
    [BindProperty] public string? LastName { get; set; }
    [BindProperty] public string? Address { get; set; }
    [BindProperty] public Guid ClinicianId { get; set; }

    public Patient Patient { get; private set; } = null!;
    public CareRecord? Record { get; private set; }
    public List<CareSession> Sessions { get; private set; } = [];
    public List<CatalogItem> Catalog { get; private set; } = [];
    public List<(Guid Id, string Name)> Clinicians { get; private set; } = [];
    public DateTimeOffset Now => time.GetUtcNow();
    private Dictionary<Guid, string> _names = [];

    private CareAccess Access => CareAccess.Of(User);

    /// <summary>Admins, and the clinician the open record is assigned to, write to it.</summary>
    public bool CanWrite => Access.Admin || (Access.Clinician && Record is { Open: true } r && r.ClinicianId == Access.StaffId);

    public string NameOf(Guid id) => _names.GetValueOrDefault(id) ?? "a former member of staff";

    public string CatalogName(int id) => Catalog.FirstOrDefault(c => c.Id == id)?.Name ?? id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => ShowAsync(id, ct);

    public async Task<IActionResult> OnPostEditAsync(Guid id, CancellationToken ct)
    {
        var (refusal, _) = await patients.UpdateAsync(Access, id, new CarePatients.PatientPatch(FirstName, LastName, Address: Address), ct);
        return refusal switch
        {
            CarePatients.Refusal.None => Done(id, "Details saved."),
            CarePatients.Refusal.NotFound => NotFound(),
            _ => Forbid(PortalAuth.Scheme),
        };
    }

    public async Task<IActionResult> OnPostSessionAsync(Guid id, CancellationToken ct)
    {
        if (await patients.RecordsAsync(Access, id, Paging.First(1), ct) is not [var record])
        {
            return NotFound();
        }
        var input = new CareSessions.SessionInput(record.Id, clock.FromLocal(Session.Date), Session.ServiceId, Session.InterventionId, Session.ToolId,
            Session.MotiveId, Session.RecoveryFee, Session.Evaluation, Session.ClosesRecord);
        var written = ModelState.IsValid ? await sessions.WriteAsync(Access, input, ct) : new CareSessions.Written(CareSessions.Refusal.Invalid, []);
        switch (written.Refusal)
        {
            case CareSessions.Refusal.None:
                return Done(id, $"Session {written.Session!.Number} saved.");
            case CareSessions.Refusal.Forbidden:
                return Forbid(PortalAuth.Scheme);
            case CareSessions.Refusal.NotFound:
                ModelState.AddModelError("", "The record is closed or not yours: the session was not saved.");
                break;
            default:
                foreach (var message in (written.Problems ?? []).SelectMany(p => p.Value))
                {
                    ModelState.AddModelError("", message);
                }
                break;
        }
        return await ShowAsync(id, ct);
    }

    public async Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken ct) =>
        await patients.RecordsAsync(Access, id, Paging.First(1), ct) is [var record] && await records.CloseAsync(Access, record.Id, ct) is not null
            ? Done(id, "Record closed.")
            : NotFound();

    public async Task<IActionResult> OnPostReopenAsync(Guid id, CancellationToken ct) =>
        await AdminRecordActionAsync(id, record => records.ReopenAsync(record.Id, ct), "Record reopened.", ct);

    public async Task<IActionResult> OnPostAssignAsync(Guid id, CancellationToken ct) =>
        await AdminRecordActionAsync(id, record => records.AssignAsync(record.Id, ClinicianId, ct), "Record reassigned.", ct);

    private async Task<IActionResult> AdminRecordActionAsync(Guid id, Func<CareRecord, Task<CareRecord?>> action, string notice, CancellationToken ct)
    {
        if (!User.IsInRole(Roles.ClinicAdmin))
        {
            return Forbid(PortalAuth.Scheme);
        }
        return await patients.RecordsAsync(Access, id, Paging.First(1), ct) is [var record] && await action(record) is not null ? Done(id, notice) : NotFound();
    }

    private RedirectResult Done(Guid id, string notice)
    {
        TempData["Notice"] = notice;
        return Redirect($"/portal/clinic/patients/{id}");
    }

    private async Task<IActionResult> ShowAsync(Guid id, CancellationToken ct)
    {
        if (await patients.FindAsync(Access, id, ct) is not { } patient)
        {
            return NotFound();
        }
        Patient = patient;
        Record = (await patients.RecordsAsync(Access, id, Paging.First(1), ct)).FirstOrDefault();
        Sessions = Record is null ? [] : await sessions.ListAsync(Access, Record.Id, ct) ?? [];
        Catalog = await sessions.CatalogAsync(ct);
        Clinicians = User.IsInRole(Roles.ClinicAdmin) ? await records.CliniciansAsync(ct) : [];
        _names = await records.NamesAsync(Sessions.Select(s => s.ClinicianId).Append(Record?.ClinicianId ?? Guid.Empty), ct);
        return Page();
    }
}
