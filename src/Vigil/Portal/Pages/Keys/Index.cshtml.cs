using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vigil.Identity.HandlerKeys;
using Vigil.Identity.ApiKeys;
using Vigil.Identity.Auth;

namespace Vigil.Portal.Pages.Keys;

/// <summary>Super admins create (secret shown once), list and revoke API keys and broker handler keys.</summary>
[Authorize(Policy = Policies.SuperAdmin)]
public sealed class IndexModel(ApiKeyService apiKeys, HandlerKeyService handlerKeys) : PageModel
{
    [BindProperty] public string ApiKeyName { get; set; } = "";
    [BindProperty] public string ApiKeyRegion { get; set; } = "";
    [BindProperty] public string HandlerName { get; set; } = "";

    /// <summary>A secret just created, shown once: carried through the redirect after the POST, then gone.</summary>
    [TempData] public string? NewSecret { get; set; }
    [TempData] public string? NewSecretLabel { get; set; }
    public List<ApiKey> ApiKeys { get; private set; } = [];
    public List<HandlerKey> HandlerKeys { get; private set; } = [];

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateApiKeyAsync(CancellationToken ct)
    {
        try
        {
            var created = await apiKeys.CreateAsync(ApiKeyRegion, ApiKeyName, ct);
            (NewSecret, NewSecretLabel) = (created.Secret, $"API key “{created.Key.Name}” for region {created.Key.Region}");
            return Redirect("/portal/keys");
        }
        catch (ArgumentException e)
        {
            ModelState.AddModelError(nameof(ApiKeyName), e.Message);
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateHandlerKeyAsync(CancellationToken ct)
    {
        try
        {
            var created = await handlerKeys.CreateAsync(HandlerName, ct);
            (NewSecret, NewSecretLabel) = (created.Secret, $"Handler key for handler:{created.Key.Name}");
            return Redirect("/portal/keys");
        }
        catch (ArgumentException e)
        {
            ModelState.AddModelError(nameof(HandlerName), e.Message);
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeApiKeyAsync(Guid id, CancellationToken ct)
    {
        TempData["Notice"] = await apiKeys.RevokeAsync(id, ct) ? "API key revoked." : "That API key was already revoked or does not exist.";
        return Redirect("/portal/keys");
    }

    public async Task<IActionResult> OnPostRevokeHandlerKeyAsync(Guid id, CancellationToken ct)
    {
        TempData["Notice"] = await handlerKeys.RevokeAsync(id, ct) ? "Handler key revoked." : "That handler key was already revoked or does not exist.";
        return Redirect("/portal/keys");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        ApiKeys = await apiKeys.ListAsync(ct);
        HandlerKeys = await handlerKeys.ListAsync(ct);
    }
}
