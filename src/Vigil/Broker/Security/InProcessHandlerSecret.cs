using System.Security.Cryptography;

namespace Vigil.Broker.Security;

/// <summary>A random credential, alive only in this process, for handlers that run inside the server.</summary>
public sealed class InProcessHandlerSecret
{
    public const string Username = "handler:in-process";

    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);

    public string Password => Convert.ToBase64String(_secret);

    public bool Matches(ReadOnlySpan<byte> password)
    {
        Span<byte> expected = stackalloc byte[44];
        var length = System.Text.Encoding.ASCII.GetBytes(Password, expected);
        return CryptographicOperations.FixedTimeEquals(expected[..length], password);
    }
}
