using Vigil.Broker;
using Vigil.Care;
using Vigil.Cli;
using Vigil.Contacts;
using Vigil.Exposure;
using Vigil.Identity;
using Vigil.Infrastructure;
using Vigil.Infrastructure.Observability;
using Vigil.Outbreaks;
using Vigil.Portal;
using Vigil.Regions;
using Vigil.SignedExports;

return await VigilCli.RunAsync(args, Console.In, Console.Out, Console.Error);

/// <summary>The composition root: every capability adds its services and maps its endpoints here.</summary>
public partial class Program
{
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 1024 * 1024);
        builder.AddInfrastructure();
        builder.AddObservability();
        builder.AddIdentity();
        builder.AddSignedExports();
        builder.AddExposure();
        builder.AddOutbreaks();
        builder.AddRegions();
        builder.AddCare();
        builder.AddContacts();
        builder.AddBroker();
        builder.AddPortal();
        return builder;
    }

    public static WebApplication BuildServer(string[] args)
    {
        var app = CreateBuilder(args).Build();
        app.UseInfrastructure();
        app.UseObservability();
        app.UsePortal();
        app.MapInfrastructure();
        app.MapIdentity();
        app.MapExposure();
        app.MapOutbreaks();
        app.MapRegions();
        app.MapCare();
        app.MapBroker();
        app.MapPortal();
        return app;
    }
}
