using Vigil.Mqtt.Broker;
using Vigil.Mqtt.Protocol;
using Vigil.Mqtt.Tests.Support;

namespace Vigil.Mqtt.Tests.Broker;

/// <summary>The interceptor is the explicit step between the authoriser's yes and routing, for PUBLISHes and wills.</summary>
public sealed class PublishInterceptorTests
{
    [Fact]
    public async Task Every_accepted_publish_and_will_reaches_subscribers_as_the_interceptor_changed_it_and_a_refused_one_never_reaches_it()
    {
        var stamp = new StampWithPublisher();
        await using var broker = TestBroker.Start(authorizer: new RefuseTopic("forbidden"), interceptor: stamp);
        await using var subscriber = await broker.ConnectAsync("listener");
        await subscriber.SubscribeAsync("#", MqttQoS.AtLeastOnce);
        var dying = await broker.ConnectAsync("dying", configure: o => o.Will = new WillMessage { Topic = "wills", Payload = "bye"u8.ToArray() });

        await using (var publisher = await broker.ConnectAsync("publisher"))
        {
            await publisher.PublishAsync("news", "hello", MqttQoS.AtLeastOnce);
            await publisher.PublishAsync("forbidden", "x", MqttQoS.AtLeastOnce);
        }
        await dying.AbortAsync();
        var received = new[] { await subscriber.ReceiveAsync(), await subscriber.ReceiveAsync() };

        Assert.Equal(["publisher", "dying"], received.Select(m => m.UserProperty("publisher")));
        Assert.Equal(["news", "wills"], received.Select(m => m.Topic));
        Assert.DoesNotContain("forbidden", stamp.Seen);
    }

    private sealed class StampWithPublisher : IMqttPublishInterceptor
    {
        public List<string> Seen { get; } = [];

        public void OnAccepted(MqttPrincipal principal, MqttApplicationMessage message)
        {
            Seen.Add(message.Topic);
            message.Properties = (message.Properties?.Clone() ?? new MqttProperties()).AddUserProperty("publisher", principal.Name);
        }
    }

    private sealed class RefuseTopic(string topic) : IMqttAuthorizer
    {
        public bool CanSubscribe(MqttPrincipal principal, string filter) => true;

        public bool CanPublish(MqttPrincipal principal, MqttApplicationMessage message) => message.Topic != topic;
    }
}
