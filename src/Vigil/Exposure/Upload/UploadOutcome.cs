using static Vigil.Exposure.Protocol.EncryptedUploadResponse.Types;

namespace Vigil.Exposure.Upload;

/// <summary>The upload's error code and the HTTP status it travels with (INVALID_KEYPAIR is 401 or 400 by cause).</summary>
public readonly record struct UploadOutcome(ErrorCode Error, int Status)
{
    public static UploadOutcome Of(ErrorCode error) => new(error, error switch
    {
        ErrorCode.None => StatusCodes.Status200OK,
        ErrorCode.ServerError => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status400BadRequest,
    });
}
