namespace Vigil.Identity.Phone;

/// <summary>Normalises phone numbers to E.164 (<c>+</c> and 8 to 15 digits).</summary>
public static class PhoneNumbers
{
    /// <summary>The E.164 form, or null when the input is not a plausible phone number.</summary>
    public static string? ToE164(string? input, string defaultCountryCode)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 32)
        {
            return null;
        }
        Span<char> digits = stackalloc char[32];
        var count = 0;
        var international = false;
        foreach (var c in input.Trim())
        {
            if (char.IsAsciiDigit(c))
            {
                digits[count++] = c;
            }
            else if (c == '+' && count == 0 && !international)
            {
                international = true;
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return null;
            }
        }
        var number = new string(digits[..count]);
        if (!international && number.StartsWith("00", StringComparison.Ordinal))
        {
            international = true;
            number = number[2..];
        }
        if (!international)
        {
            number = National(number, defaultCountryCode);
        }
        return IsPlausible(number) ? "+" + number : null;
    }

    private static string National(string number, string countryCode)
    {
        if (countryCode == "1")
        {
            return number.Length == 11 && number[0] == '1' ? number : "1" + number;
        }
        // Elsewhere a leading 0 is the trunk prefix, dropped in international form.
        return countryCode + number.TrimStart('0');
    }

    private static bool IsPlausible(string digits)
    {
        if (digits.Length is < 8 or > 15 || digits[0] == '0')
        {
            return false;
        }
        if (digits[0] == '1')
        {
            // North American Numbering Plan: NXX-NXX-XXXX.
            return digits.Length == 11 && digits[1] >= '2' && digits[4] >= '2';
        }
        return true;
    }
}
