using Vigil.Mqtt.Broker;
using Vigil.Mqtt.Client;
using Vigil.Mqtt.Protocol;
using Vigil.Mqtt.Tests.Support;

namespace Vigil.Mqtt.Tests.Broker;

/// <summary>A fault in the authenticator (a setting, a database down) is the server's, not the client's credentials'.</summary>
public sealed class AuthenticationFaultTests
{
    [Theory]
    [InlineData(MqttVersion.V500, 0x88)]
    [InlineData(MqttVersion.V311, 0x03)]
    public async Task An_authenticator_that_throws_refuses_with_server_unavailable_and_admits_the_next_client(MqttVersion version, byte expected)
    {
        var authenticator = new FailingOnce();
        await using var broker = TestBroker.Start(o => o.MaximumConnections = 1, authenticator: authenticator);

        await using var refused = await MqttClient.OpenAsync(broker.Options("faulted", version));
        await using var admitted = await MqttClient.OpenAsync(broker.Options("next", version));

        Assert.Equal(expected, refused.ConnAck.ReasonCode);
        Assert.Equal(0, admitted.ConnAck.ReasonCode); // the refused one gave its connection slot back
    }

    private sealed class FailingOnce : IMqttAuthenticator
    {
        private int _calls;

        public ValueTask<MqttAuthenticationResult> AuthenticateAsync(MqttConnectRequest request, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) == 1
                ? throw new InvalidOperationException("the issuer's key is not configured")
                : new AllowAllSecurity().AuthenticateAsync(request, cancellationToken);
    }
}
