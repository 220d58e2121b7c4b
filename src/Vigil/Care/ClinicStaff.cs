namespace Vigil.Care;

/// <summary>A clinic staff member's details beside the Vigil staff account that signs in.</summary>
public sealed class ClinicStaff
{
    public Guid Id { get; set; }
    public required string FirstName { get; set; }
    public required string LastName { get; set; }
    public string? SecondLastName { get; set; }
    public required string Cellphone { get; set; }
    public string? Address { get; set; }
    public bool Active { get; set; } = true;
}
