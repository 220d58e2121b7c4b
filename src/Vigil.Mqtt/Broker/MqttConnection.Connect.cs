using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Broker;

internal sealed partial class MqttConnection
{
    private ushort _clientTopicAliasMaximum;
    private uint _clientMaximumPacketSize = uint.MaxValue;
    private ushort _topicAliasMaximum;
    // Allocated at the first alias: most clients never send one.
    private string?[]? _inboundAliases;
    private Dictionary<string, ushort>? _outboundAliases;
    private PublishRate _publishRate;

    private async Task HandleConnectAsync(ConnectPacket connect, CancellationToken cancellationToken)
    {
        Version = connect.Version;
        using var activity = MqttBrokerTelemetry.StartConnect(Version);
        var v5 = Version == MqttVersion.V500;
        var options = _broker.Options;
        if (connect.Properties?.AuthenticationMethod is not null)
        {
            Refuse(ReasonCodes.BadAuthenticationMethod, ConnectCodes.V311NotAuthorized);
            return;
        }
        var clientId = connect.ClientId;
        string? assigned = null;
        if (clientId.Length == 0)
        {
            if (!v5 && !connect.CleanStart)
            {
                Refuse(ReasonCodes.ClientIdentifierNotValid, ConnectCodes.V311IdentifierRejected);
                return;
            }
            clientId = assigned = "auto-" + Guid.NewGuid().ToString("N");
        }
        if (_broker.Admit() is { } refusal)
        {
            Refuse(refusal, ConnectCodes.V311ServerUnavailable);
            return;
        }
        // An authenticator may hash a key or query a database: not on a socket thread, which in an
        // inline-I/O host serves every other connection meanwhile.
        await Task.Yield();
        MqttAuthenticationResult result;
        try
        {
            result = await _broker.Authenticator.AuthenticateAsync(
                new MqttConnectRequest(clientId, connect.Username, connect.Password, Version, RemoteEndPoint), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A fault of ours (a setting, a database down), not of the client's credentials: say so to both sides.
            _broker.Logger.LogError(e, "MQTT authentication failed for a connection from {Remote}; refused as server unavailable", RemoteEndPoint);
            _broker.Release();
            Refuse(ReasonCodes.ServerUnavailable, ConnectCodes.V311ServerUnavailable);
            return;
        }
        if (result.Principal is null)
        {
            _broker.Release();
            Refuse(result.BadCredentials ? ReasonCodes.BadUserNameOrPassword : ReasonCodes.NotAuthorized,
                result.BadCredentials ? ConnectCodes.V311BadUserNameOrPassword : ConnectCodes.V311NotAuthorized);
            return;
        }
        Principal = result.Principal;
        ClientId = clientId;
        KeepAlive = v5 && options.ServerKeepAlive is { } serverKeepAlive ? serverKeepAlive : connect.KeepAlive;
        var properties = connect.Properties;
        SendQuota = Math.Min(properties?.ReceiveMaximum ?? ushort.MaxValue, options.MaximumInflight);
        _clientMaximumPacketSize = properties?.MaximumPacketSize ?? uint.MaxValue;
        _clientTopicAliasMaximum = properties?.TopicAliasMaximum ?? 0;
        _topicAliasMaximum = v5 ? options.TopicAliasMaximum : (ushort)0;
        _publishRate = new PublishRate(Principal.PublishRateLimit ?? options.PublishRatePerClient);
        var requestedExpiry = v5 ? properties?.SessionExpiryInterval ?? 0 : connect.CleanStart ? 0 : uint.MaxValue;
        var expiry = v5 ? Math.Min(requestedExpiry, options.MaximumSessionExpiry) : requestedExpiry;
        if (_broker.ClusterSessions is { IsReady: false } && (expiry > 0 || !connect.CleanStart))
        {
            // The stored sessions are not all known here yet: resuming now could miss this client's.
            _broker.Release();
            Refuse(ReasonCodes.ServerUnavailable, ConnectCodes.V311ServerUnavailable);
            return;
        }
        if (expiry > 0 || !connect.CleanStart)
        {
            await _broker.CatchUpWithStoredSessionAsync(clientId, cancellationToken).ConfigureAwait(false);
        }
        if (connect.Will is { } will)
        {
            Will = WillToMessage(will);
            WillDelay = will.Properties?.WillDelayInterval ?? 0;
        }
        var (session, present) = _broker.Attach(this, clientId, connect.CleanStart, expiry);
        Session = session;
        IsConnected = true;
        MqttProperties? ackProperties = null;
        if (v5)
        {
            ackProperties = new MqttProperties
            {
                ReceiveMaximum = options.ReceiveMaximum,
                TopicAliasMaximum = options.TopicAliasMaximum,
                MaximumPacketSize = (uint)options.MaximumPacketSize,
                AssignedClientIdentifier = assigned,
                ServerKeepAlive = options.ServerKeepAlive,
                SessionExpiryInterval = expiry != requestedExpiry ? expiry : null,
            };
        }
        TrySend(new Outgoing(new ConnAckPacket { SessionPresent = present, Properties = ackProperties }), droppable: false);
        session.Resume(this);
    }

    private void Refuse(byte v5Reason, byte v311Code)
    {
        if (Activity.Current is { Source.Name: MqttBrokerTelemetry.SourceName } activity)
        {
            MqttBrokerTelemetry.Refused(activity, v5Reason);
        }
        _broker.Statistics.Refused(v5Reason);
        TrySend(new Outgoing(new ConnAckPacket { ReasonCode = Version == MqttVersion.V500 ? v5Reason : v311Code }), droppable: false);
        Close();
    }

    private static MqttApplicationMessage WillToMessage(WillMessage will)
    {
        var properties = will.Properties?.Clone();
        if (properties is not null)
        {
            properties.WillDelayInterval = null;
        }
        return new MqttApplicationMessage { Topic = will.Topic, Payload = will.Payload, QoS = will.QoS, Retain = will.Retain, Properties = properties };
    }

    /// <summary>A token bucket holding two seconds of the rate; the read loop is its only user.</summary>
    private struct PublishRate(double perSecond)
    {
        private double _tokens = perSecond * 2;
        private long _last = Environment.TickCount64;

        public bool TryTake()
        {
            if (perSecond <= 0)
            {
                return true;
            }
            var now = Environment.TickCount64;
            _tokens = Math.Min(perSecond * 2, _tokens + (now - _last) * perSecond / 1000);
            _last = now;
            if (_tokens < 1)
            {
                return false;
            }
            _tokens--;
            return true;
        }
    }
}
