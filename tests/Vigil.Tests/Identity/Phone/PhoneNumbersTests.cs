using Vigil.Identity.Phone;

namespace Vigil.Tests.Identity.Phone;

public sealed class PhoneNumbersTests
{
    [Theory]
    [InlineData("+15555550123", "1", "+15555550123")]
    [InlineData("+1 (555) 555-0123", "1", "+15555550123")]
    [InlineData("555.555.0123", "1", "+15555550123")]
    [InlineData("1-555-555-0123", "1", "+15555550123")]
    [InlineData("0015555550123", "1", "+15555550123")]
    [InlineData("090-1234-5678", "81", "+819012345678")]
    [InlineData("+81 90 1234 5678", "1", "+819012345678")]
    public void Numbers_are_normalised_to_e164(string input, string country, string expected) =>
        Assert.Equal(expected, PhoneNumbers.ToE164(input, country));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("12345")]
    [InlineData("+1 055 555 0123")]
    [InlineData("+1555555012")]
    [InlineData("+1234567890123456")]
    [InlineData("555-555-0123 ext. 4")]
    [InlineData("+15555550123+")]
    [InlineData("++15555550123")]
    public void Implausible_numbers_are_rejected(string input) =>
        Assert.Null(PhoneNumbers.ToE164(input, "1"));
}
