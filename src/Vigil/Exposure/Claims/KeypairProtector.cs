using System.Security.Cryptography;
using Vigil.Infrastructure.Secrets;

namespace Vigil.Exposure.Claims;

/// <summary>
/// Server Curve25519 secret keys are stored encrypted (AES-256-GCM under a server secret, bound to the
/// public key as associated data), so a database dump alone cannot open anyone's uploads.
/// </summary>
public sealed class KeypairProtector(SecretStore secrets)
{
    public const string SecretName = "KeypairEncryptionKey";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    public byte[] Protect(byte[] secretKey, byte[] publicKey)
    {
        var sealedKey = new byte[NonceBytes + secretKey.Length + TagBytes];
        var nonce = sealedKey.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Key, TagBytes);
        aes.Encrypt(nonce, secretKey, sealedKey.AsSpan(NonceBytes, secretKey.Length), sealedKey.AsSpan(NonceBytes + secretKey.Length), publicKey);
        return sealedKey;
    }

    public byte[] Unprotect(byte[] sealedKey, byte[] publicKey)
    {
        var secretKey = new byte[sealedKey.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(Key, TagBytes);
        aes.Decrypt(sealedKey.AsSpan(0, NonceBytes), sealedKey.AsSpan(NonceBytes, secretKey.Length), sealedKey.AsSpan(NonceBytes + secretKey.Length), secretKey, publicKey);
        return secretKey;
    }

    private byte[] Key => secrets.Get(SecretName, 32) is { Length: 32 } key
        ? key
        : throw new InvalidOperationException($"{SecretStore.Section}:{SecretName} must be 32 bytes (base64).");
}
