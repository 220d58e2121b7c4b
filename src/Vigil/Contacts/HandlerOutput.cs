namespace Vigil.Contacts;

/// <summary>A message the handler publishes as the result of a command.</summary>
public sealed record HandlerOutput(string Topic, string Payload);
