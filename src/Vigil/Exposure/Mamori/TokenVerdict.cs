namespace Vigil.Exposure.Mamori;

public enum TokenVerdict
{
    Valid,
    Invalid,

    /// <summary>The validator could not answer; try again later.</summary>
    Unavailable,
}
