using Vigil.Identity.Phone;
using Vigil.Identity.Tokens;
using Vigil.Infrastructure.Secrets;

namespace Vigil.Identity;

/// <summary>
/// Loads every identity secret when the server starts: generated on first start in development,
/// and in Production a missing or example secret stops the server before it serves anything.
/// </summary>
internal sealed class IdentitySecretsAtStartup(SigningKeyStore keys, SecretStore secrets) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = keys.Active;
        _ = secrets.Get(PhoneHasher.SaltSecretName);
        _ = secrets.Get(PhoneVerification.CodeKeySecretName);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
