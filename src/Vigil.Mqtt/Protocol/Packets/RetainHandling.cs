namespace Vigil.Mqtt.Protocol;

/// <summary>v5 retain handling of a subscription.</summary>
public enum RetainHandling : byte
{
    /// <summary>Send retained messages at every subscribe.</summary>
    SendAtSubscribe = 0,
    /// <summary>Send retained messages only when the subscription is new.</summary>
    SendIfNew = 1,
    /// <summary>Never send retained messages.</summary>
    DoNotSend = 2,
}
