using System.Net;
using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Broker;

/// <summary>What a CONNECT offers to the authenticator.</summary>
public sealed record MqttConnectRequest(string ClientId, string? Username, ReadOnlyMemory<byte> Password, MqttVersion Version, EndPoint? RemoteEndPoint);
