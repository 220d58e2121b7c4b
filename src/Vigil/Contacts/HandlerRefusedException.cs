namespace Vigil.Contacts;

/// <summary>The broker refused the handler's credentials: retrying cannot help until the key changes.</summary>
public sealed class HandlerRefusedException(string message) : InvalidOperationException(message);
