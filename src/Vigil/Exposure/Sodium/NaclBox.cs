using System.Runtime.InteropServices;

namespace Vigil.Exposure.Sodium;

/// <summary>
/// NaCl <c>crypto_box</c> (Curve25519 + XSalsa20 + Poly1305) from the system libsodium
/// (Debian package <c>libsodium23</c>). Never reimplemented here.
/// </summary>
public static partial class NaclBox
{
    public const int PublicKeyBytes = 32;
    public const int SecretKeyBytes = 32;
    public const int NonceBytes = 24;
    public const int MacBytes = 16;
    private const string Library = "libsodium.so.23";

    private static readonly Lazy<Exception?> Initialised = new(Initialise);

    /// <summary>Throws a clear error when libsodium cannot be loaded; call it at start-up.</summary>
    public static void EnsureAvailable()
    {
        if (Initialised.Value is { } failure)
        {
            throw failure;
        }
    }

    public static (byte[] PublicKey, byte[] SecretKey) CreateKeyPair()
    {
        EnsureAvailable();
        var publicKey = new byte[PublicKeyBytes];
        var secretKey = new byte[SecretKeyBytes];
        Check(crypto_box_keypair(publicKey, secretKey), "crypto_box_keypair");
        return (publicKey, secretKey);
    }

    /// <summary>Encrypts and authenticates (tag ‖ ciphertext), as a client does before upload.</summary>
    public static byte[] Seal(ReadOnlySpan<byte> message, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> recipientPublicKey, ReadOnlySpan<byte> senderSecretKey)
    {
        EnsureAvailable();
        CheckLengths(nonce, recipientPublicKey, senderSecretKey);
        var box = new byte[message.Length + MacBytes];
        Check(crypto_box_easy(box, message, (ulong)message.Length, nonce, recipientPublicKey, senderSecretKey), "crypto_box_easy");
        return box;
    }

    /// <summary>Verifies and decrypts a box; false when it was not made for this key pair or was altered.</summary>
    public static bool TryOpen(ReadOnlySpan<byte> box, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> senderPublicKey, ReadOnlySpan<byte> recipientSecretKey, out byte[] message)
    {
        EnsureAvailable();
        CheckLengths(nonce, senderPublicKey, recipientSecretKey);
        message = [];
        if (box.Length < MacBytes)
        {
            return false;
        }
        var plain = new byte[box.Length - MacBytes];
        if (crypto_box_open_easy(plain, box, (ulong)box.Length, nonce, senderPublicKey, recipientSecretKey) != 0)
        {
            return false;
        }
        message = plain;
        return true;
    }

    private static void CheckLengths(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> secretKey)
    {
        if (nonce.Length != NonceBytes || publicKey.Length != PublicKeyBytes || secretKey.Length != SecretKeyBytes)
        {
            throw new ArgumentException("crypto_box needs a 24-byte nonce and 32-byte keys");
        }
    }

    private static Exception? Initialise()
    {
        try
        {
            return sodium_init() < 0 ? new InvalidOperationException("libsodium failed to initialise (sodium_init).") : null;
        }
        catch (DllNotFoundException e)
        {
            return new InvalidOperationException(
                "libsodium is required for the exposure key server and was not found; install the Debian package libsodium23.", e);
        }
    }

    private static void Check(int result, string function)
    {
        if (result != 0)
        {
            throw new InvalidOperationException($"libsodium {function} failed ({result}).");
        }
    }

    [LibraryImport(Library)]
    private static partial int sodium_init();

    [LibraryImport(Library)]
    private static partial int crypto_box_keypair(Span<byte> publicKey, Span<byte> secretKey);

    [LibraryImport(Library)]
    private static partial int crypto_box_easy(Span<byte> box, ReadOnlySpan<byte> message, ulong messageLength, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> secretKey);

    [LibraryImport(Library)]
    private static partial int crypto_box_open_easy(Span<byte> message, ReadOnlySpan<byte> box, ulong boxLength, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> secretKey);
}
