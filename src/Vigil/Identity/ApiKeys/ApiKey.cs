using Vigil.Identity.Credentials;

namespace Vigil.Identity.ApiKeys;

/// <summary>A health authority's system credential (<c>vgk_…</c>), bound to one region. Only its SHA-256 is stored.</summary>
public sealed class ApiKey : HashedCredential
{
    public required string Region { get; set; }
}
