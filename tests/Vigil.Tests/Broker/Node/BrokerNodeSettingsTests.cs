using Vigil.Tests.Support;

namespace Vigil.Tests.Broker.Node;

/// <summary>What <c>vigil broker</c> cannot serve, or must not serve with, stops it in one line naming the setting.</summary>
public sealed class BrokerNodeSettingsTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("vigil-broker-node-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Theory]
    [InlineData("--Vigil:Broker:TlsPort=8883", "Vigil:Broker:TlsPort")]
    [InlineData("--Vigil:Broker:Enabled=false", "Vigil:Broker:Enabled")]
    [InlineData("--Vigil:Broker:TcpPort=0", "Vigil:Broker:TcpPort")]
    [InlineData("--Vigil:Broker:TcpTransport=Kestrel", "TcpTransport")]
    public async Task A_setting_only_vigil_serve_can_serve_is_a_one_line_error(string setting, string named)
    {
        var outcome = await CliRunner.RunAsync(new[] { "broker", setting }.With(_data));

        Assert.Equal(1, outcome.ExitCode);
        Assert.StartsWith("vigil broker: ", outcome.Error);
        Assert.Contains(named, outcome.Error);
    }

    [Fact]
    public async Task In_production_it_refuses_to_start_on_generated_signing_keys()
    {
        var outcome = await CliRunner.RunAsync(new[] { "broker", "--environment=Production", $"--Vigil:Broker:TcpPort={FreePort.Next()}" }.With(_data));

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Vigil:Tokens:SigningKeys must be configured in Production", outcome.Error);
    }

    [Fact]
    public async Task In_production_it_refuses_plain_mqtt_unless_told_a_tls_proxy_is_in_front()
    {
        var pem = Path.Combine(_data, "token.pem");
        using (var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
        {
            await File.WriteAllTextAsync(pem, key.ExportPkcs8PrivateKeyPem());
        }
        var secrets = new[] { "PhoneHashSalt", "VerificationCodeKey" }.Select(name => $"--Vigil:Secrets:{name}={Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))}");
        string[] args = ["broker", "--environment=Production", $"--Vigil:Tokens:SigningKeys:0:PemFile={pem}", $"--Vigil:Broker:TcpPort={FreePort.Next()}", .. secrets];

        var outcome = await CliRunner.RunAsync(args.With(_data));

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Vigil:Broker:TcpPort serves MQTT without TLS, which Production refuses", outcome.Error);
    }

    [Fact]
    public async Task A_second_broker_on_the_same_data_directory_refuses_to_share_its_session_log()
    {
        using var first = await ServerProcess.StartBrokerAsync(_data, FreePort.Next());

        var second = await CliRunner.RunAsync(new[] { "broker", $"--Vigil:Broker:TcpPort={FreePort.Next()}" }.With(_data));

        Assert.Equal(1, second.ExitCode);
        Assert.Contains("is in use by another broker", second.Error);
    }
}
