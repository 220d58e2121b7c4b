namespace Vigil.Exposure.Mamori;

public enum PositiveReportStatus
{
    Pending = 0,
    Published = 1,
    Rejected = 2,
}
