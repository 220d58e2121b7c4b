using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Vigil.Exposure.Claims;
using Vigil.Infrastructure.Secrets;

namespace Vigil.Portal.KeyRing;

/// <summary>
/// Seals each Data Protection key (they encrypt portal cookies and antiforgery tokens) with AES-256-GCM
/// before it is stored in the database, under a key derived (HKDF-SHA256) from the server's at-rest secret
/// <c>KeypairEncryptionKey</c>: a database dump alone cannot forge a portal sign-in.
/// </summary>
public sealed class SealedKeyXml(SecretStore secrets) : IXmlEncryptor
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private static readonly byte[] Purpose = "vigil data-protection key ring"u8.ToArray();

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[NonceBytes + TagBytes + plaintext.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Key(secrets), TagBytes);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes));
        return new EncryptedXmlInfo(new XElement("sealedKey", new XAttribute("algorithm", "AES-256-GCM"), Convert.ToBase64String(sealedBytes)),
            typeof(OpenedKeyXml));
    }

    internal static XElement Open(SecretStore secrets, XElement encryptedElement)
    {
        var sealedBytes = Convert.FromBase64String(encryptedElement.Value);
        var plaintext = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(Key(secrets), TagBytes);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plaintext);
        return XElement.Parse(Encoding.UTF8.GetString(plaintext));
    }

    private static byte[] Key(SecretStore secrets) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secrets.Get(KeypairProtector.SecretName, 32), 32, salt: [], info: Purpose);
}
