namespace Vigil.Identity.Tokens;

/// <summary>The body every sign-in endpoint returns: <c>{"token": access, "refresh": refresh}</c>.</summary>
public sealed record TokenPair(string Token, string Refresh);
