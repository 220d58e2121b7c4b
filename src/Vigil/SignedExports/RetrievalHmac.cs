using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Vigil.Infrastructure.Secrets;
using Vigil.Infrastructure;

namespace Vigil.SignedExports;

/// <summary>
/// Retrieval URLs carry HMAC-SHA256("&lt;region&gt;:&lt;day&gt;:&lt;hour&gt;") under a secret shared with the app;
/// the current hour and the one either side are accepted.
/// </summary>
public sealed class RetrievalHmac(SecretStore secrets, TimeProvider clock)
{
    public const string SecretName = "RetrievalHmacKey";

    public byte[] Key => secrets.Get(SecretName, 32);

    public static string Compute(byte[] key, string region, string day, long hour) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{region}:{day}:{hour}"))));

    public bool IsValid(string region, string day, string hmac)
    {
        byte[] presented;
        try
        {
            presented = Convert.FromHexString(hmac);
        }
        catch (FormatException)
        {
            return false;
        }
        var hour = UnixDay.HourOf(clock.GetUtcNow());
        var valid = false;
        for (var offset = -1; offset <= 1; offset++)
        {
            var expected = Convert.FromHexString(Compute(Key, region, day, hour + offset));
            valid |= CryptographicOperations.FixedTimeEquals(expected, presented);
        }
        return valid;
    }
}
