using System.Security.Cryptography;
using System.Text;
using Vigil.Infrastructure.Secrets;

namespace Vigil.Exposure.Claims;

/// <summary>
/// One-time codes: 10 characters in groups of 3+3+4, each group drawn (CSPRNG) from one of two
/// alphabets chosen at random. Stored only as an HMAC of the normalised code.
/// </summary>
public sealed class OneTimeCodes(SecretStore secrets)
{
    public const string SecretName = "OneTimeCodeKey";
    private const string Letters = "AEFHJKLQRSUWXYZ";
    private const string Digits = "2456789";
    private static readonly int[] Groups = [3, 3, 4];

    public static string Generate()
    {
        var code = new StringBuilder(10);
        foreach (var length in Groups)
        {
            var alphabet = RandomNumberGenerator.GetInt32(2) == 0 ? Letters : Digits;
            for (var i = 0; i < length; i++)
            {
                code.Append(alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]);
            }
        }
        return code.ToString();
    }

    /// <summary>What a person typed, as stored: spaces and dashes removed, upper case.</summary>
    public static string Normalise(string code) =>
        string.Concat(code.Where(c => c is not (' ' or '-'))).ToUpperInvariant();

    public string Hash(string code) =>
        Convert.ToHexString(HMACSHA256.HashData(secrets.Get(SecretName), Encoding.UTF8.GetBytes(Normalise(code))));
}
