using Vigil.Exposure.Claims;
using Vigil.Exposure.Sodium;
using Vigil.Infrastructure.Secrets;
using Vigil.SignedExports;

namespace Vigil.Exposure;

/// <summary>libsodium present, export key and secrets loaded (or refused in Production) before serving.</summary>
internal sealed class ExposureSecretsAtStartup(ExportSigner signer, RetrievalHmac hmac, SecretStore secrets) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        NaclBox.EnsureAvailable();
        _ = signer.PublicKeyPem;
        _ = hmac.Key;
        _ = secrets.Get(OneTimeCodes.SecretName);
        _ = secrets.Get(KeypairProtector.SecretName, 32);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
