namespace Vigil.Infrastructure.Http;

/// <summary>
/// Endpoint metadata for a protocol endpoint whose clients read errors in the protocol's own form (a
/// protobuf error code, plain text): what to answer when the request fails outside the endpoint's own
/// code, such as a database outage met while authenticating the caller.
/// </summary>
public sealed class ProtocolErrors(Func<IResult> unavailable)
{
    public IResult Unavailable() => unavailable();
}
