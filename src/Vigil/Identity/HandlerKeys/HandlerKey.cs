using Vigil.Identity.Credentials;

namespace Vigil.Identity.HandlerKeys;

/// <summary>A back-end handler's broker credential (<c>vgh_…</c>). Only its SHA-256 is stored.</summary>
public sealed class HandlerKey : HashedCredential;
