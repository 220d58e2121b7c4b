using System.Net;
using System.Security.Cryptography;
using Vigil.Tests.Support;

namespace Vigil.Tests.Infrastructure;

public sealed class ProductionSecretsTests
{
    private static Dictionary<string, string?> ConfiguredSecrets() => new()
    {
        ["Vigil:Secrets:PhoneHashSalt"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Vigil:Secrets:VerificationCodeKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Vigil:Tokens:SigningKeys:0:Pem"] = ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKeyPem(),
        ["Vigil:Secrets:OneTimeCodeKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Vigil:Secrets:RetrievalHmacKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Vigil:Secrets:KeypairEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Vigil:Exposure:ExportSigningKeyPem"] = ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKeyPem(),
    };

    /// <summary>Runs <c>vigil serve</c> in Production as an operator would; it must exit with a clear error.</summary>
    private static async Task<CliRunner.Outcome> ServeInProductionAsync(Dictionary<string, string?> settings)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("vigil-prod-").FullName;
        string[] args = ["serve", "--environment=Production", "--urls=http://127.0.0.1:0", "--Vigil:Broker:TcpPort=0", .. settings.Where(s => s.Value is not null).Select(s => $"--{s.Key}={s.Value}")];
        return await CliRunner.RunAsync(args.With(dataDirectory));
    }

    [Fact]
    public async Task Production_refuses_mqtt_without_tls_unless_a_proxy_terminates_it()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("vigil-prod-").FullName;
        string[] args = ["serve", "--environment=Production", "--urls=http://127.0.0.1:0", "--Vigil:Broker:TcpPort=18830", .. ConfiguredSecrets().Select(s => $"--{s.Key}={s.Value}")];
        var outcome = await CliRunner.RunAsync(args.With(dataDirectory));

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Vigil:Broker:TcpPort serves MQTT without TLS", outcome.Error);
    }

    [Fact]
    public async Task Production_refuses_to_start_with_generated_secrets()
    {
        var outcome = await ServeInProductionAsync([]);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("must be configured in Production", outcome.Error);
    }

    [Theory]
    [InlineData("Vigil:Secrets:PhoneHashSalt")]
    [InlineData("Vigil:Secrets:VerificationCodeKey")]
    [InlineData("Vigil:Tokens:SigningKeys:0:Pem")]
    [InlineData("Vigil:Secrets:OneTimeCodeKey")]
    [InlineData("Vigil:Secrets:RetrievalHmacKey")]
    [InlineData("Vigil:Secrets:KeypairEncryptionKey")]
    [InlineData("Vigil:Exposure:ExportSigningKeyPem")]
    public async Task Production_refuses_to_start_when_any_one_secret_is_missing(string missing)
    {
        var settings = ConfiguredSecrets();
        settings[missing] = null;

        var outcome = await ServeInProductionAsync(settings);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains(missing.Replace(":0:Pem", ""), outcome.Error);
        Assert.Single(outcome.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Production_refuses_the_example_secret_from_the_documentation()
    {
        var settings = ConfiguredSecrets();
        settings["Vigil:Secrets:PhoneHashSalt"] = "EXAMPLEexampleEXAMPLEexample0000";

        var outcome = await ServeInProductionAsync(settings);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("example value", outcome.Error);
    }

    [Fact]
    public async Task Production_starts_with_configured_secrets_and_generates_none()
    {
        await using var app = await VigilApp.StartAsync(TestDatabases.Sqlite, ConfiguredSecrets(), environment: "Production");
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/auth/login", """{"prefecture": 3}""")).Status);
        Assert.False(Directory.Exists(Path.Combine(app.DataDirectory, "secrets")));
        Assert.False(Directory.Exists(Path.Combine(app.DataDirectory, "signing-keys")));
    }

    [Fact]
    public async Task Development_generates_secrets_into_owner_only_files()
    {
        await using var app = await VigilApp.StartAsync(TestDatabases.Sqlite);

        var files = Directory.GetFiles(Path.Combine(app.DataDirectory, "secrets"))
            .Concat(Directory.GetFiles(Path.Combine(app.DataDirectory, "signing-keys"))).ToList();

        Assert.Equal(7, files.Count);
        Assert.All(files, file => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file)));
    }
}
