using Microsoft.Extensions.Options;
using Vigil.Broker;
using Vigil.Broker.Security;

namespace Vigil.Tests.Broker.Security;

public sealed class TopicRulesTests
{
    private readonly TopicRules _rules = new(Options.Create(new BrokerOptions()));

    [Theory]
    [InlineData("6894", true)]
    [InlineData("a-B-9", true)]
    [InlineData("", false)]
    [InlineData("68 94", false)]
    [InlineData("68_94", false)]
    [InlineData("6894/", false)]
    [InlineData("ü", false)]
    public void A_user_id_is_ascii_letters_digits_and_dashes(string userId, bool valid) =>
        Assert.Equal(valid, TopicRules.IsValidUserId(userId));

    [Fact]
    public void A_user_id_is_at_most_128_characters() =>
        Assert.Equal((true, false), (TopicRules.IsValidUserId(new string('a', 128)), TopicRules.IsValidUserId(new string('a', 129))));

    [Theory]
    [InlineData("6894", "6894_contacts", true)]
    [InlineData("6894", "6894_+/x", true)]
    [InlineData("6894", "6894_", false)]
    [InlineData("6894", "68946_contacts", false)]
    [InlineData("6894", "6894", false)]
    [InlineData("6894", "6894/contacts", false)]
    [InlineData("6894", "#", false)]
    [InlineData("6894", "$share/g/6894_x", false)]
    [InlineData("68 94", "68 94_x", false)]
    public void A_device_subscribes_only_below_its_own_id_and_an_underscore(string userId, string filter, bool allowed) =>
        Assert.Equal(allowed, _rules.CanSubscribe(TopicRules.Device, userId, filter));

    [Fact]
    public void A_handler_subscribes_anywhere_and_an_unknown_kind_nowhere() =>
        Assert.Equal((true, false), (_rules.CanSubscribe(TopicRules.Handler, "contacts", "#"), _rules.CanSubscribe("staff", "x", "x_y")));
}
