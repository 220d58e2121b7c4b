using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Vigil.Mqtt.Client;
using Vigil.Mqtt.Protocol;
using Vigil.Tests.Support;

namespace Vigil.Tests.Broker;

public sealed class BrokerTlsTests
{
    [Fact]
    public async Task The_tls_listener_serves_mqtt_with_the_configured_pem_certificate()
    {
        var folder = Directory.CreateTempSubdirectory("vigil-tls-").FullName;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        await File.WriteAllTextAsync(Path.Combine(folder, "broker.crt"), certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(folder, "broker.key"), key.ExportPkcs8PrivateKeyPem());
        var tlsPort = FreePort.Next();
        using var app = await VigilApp.StartWithSocketsAsync(TestDatabases.Sqlite, new Dictionary<string, string?>
        {
            ["Vigil:Broker:TlsPort"] = tlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Vigil:Broker:CertificatePath"] = Path.Combine(folder, "broker.crt"),
            ["Vigil:Broker:CertificateKeyPath"] = Path.Combine(folder, "broker.key"),
        });
        var phone = await app.NewPhoneUserAsync();
        var options = app.MqttOptions("JWT", phone.Token);
        options.Port = tlsPort;
        options.UseTls = true;
        byte[]? seen = null;
        options.CertificateValidation = (_, presented, _, _) =>
        {
            seen = presented?.GetCertHash();
            return presented is not null && presented.GetCertHash().SequenceEqual(certificate.GetCertHash());
        };

        await using var client = await MqttClient.ConnectAsync(options);
        await client.SubscribeAsync(phone.UserId + "_contact_list", MqttQoS.AtLeastOnce);
        await client.PublishAsync("get_contact_list", "{}", MqttQoS.AtLeastOnce);

        Assert.Equal(phone.UserId + "_contact_list", (await client.ReceiveAsync(10_000)).Topic);
        Assert.Equal(certificate.GetCertHash(), seen);
    }
}
