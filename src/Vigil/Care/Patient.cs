namespace Vigil.Care;

public sealed class Patient
{
    public Guid Id { get; set; }
    public required string FirstName { get; set; }
    public required string LastName { get; set; }
    public string? SecondLastName { get; set; }
    public required string Gender { get; set; }
    public string? MaritalStatus { get; set; }
    public string? Phone { get; set; }
    public required string Cellphone { get; set; }
    public DateOnly? BirthDate { get; set; }
    public string? BirthPlace { get; set; }
    public string? Occupation { get; set; }
    public string? Religion { get; set; }
    public string? Address { get; set; }
    public string? Children { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
