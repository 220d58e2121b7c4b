namespace Vigil.Contacts;

public static class ContactsExtensions
{
    /// <summary>People adding each other through the broker: the commands and the handler that serves them from any broker.</summary>
    public static IHostApplicationBuilder AddContacts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ContactCommands>();
        builder.Services.AddSingleton<ContactsHandler>();
        return builder;
    }
}
