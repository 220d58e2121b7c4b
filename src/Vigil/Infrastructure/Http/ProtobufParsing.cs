using Google.Protobuf;

namespace Vigil.Infrastructure.Http;

/// <summary>Parsing that treats every malformed input as "not this message".</summary>
public static class ProtobufParsing
{
    public static T? TryParse<T>(MessageParser<T> parser, byte[] bytes) where T : class, IMessage<T>
    {
        try
        {
            return parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }
}
