namespace Vigil.SignedExports;

public static class SignedExportsExtensions
{
    /// <summary>What the key and outbreak exports share: the signing key, the retrieval HMAC, the export cache.</summary>
    public static IHostApplicationBuilder AddSignedExports(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<SignedExportOptions>(builder.Configuration.GetSection(SignedExportOptions.Section));
        builder.Services.AddSingleton<ExportSigner>();
        builder.Services.AddSingleton<RetrievalHmac>();
        builder.Services.AddSingleton<ExportCache>();
        return builder;
    }
}
