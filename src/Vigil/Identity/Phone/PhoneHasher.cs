using System.Security.Cryptography;
using System.Text;
using Vigil.Infrastructure.Secrets;

namespace Vigil.Identity.Phone;

/// <summary>base64(SHA-512(salt ‖ E.164)); the salt is a server secret, so deployments hash differently.</summary>
public sealed class PhoneHasher(SecretStore secrets)
{
    public const string SaltSecretName = "PhoneHashSalt";

    public string Hash(string e164)
    {
        var salt = secrets.Get(SaltSecretName);
        var number = Encoding.UTF8.GetBytes(e164);
        var input = new byte[salt.Length + number.Length];
        salt.CopyTo(input, 0);
        number.CopyTo(input, salt.Length);
        return Convert.ToBase64String(SHA512.HashData(input));
    }
}
