using System.Diagnostics;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Vigil.Identity.Tokens;

namespace Vigil.Bench;

/// <summary>
/// Access tokens validated as a CONNECT burst validates them: each token once, left out of the cache. Vigil's own
/// (ES256) and a trusted issuer's (HS256, as bench/broker/run.sh's phones); bytes allocated and time per token.
/// </summary>
internal static class TokenBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Contains("--tokens") ? int.Parse(args[Array.IndexOf(args, "--tokens") + 1]) : 20_000;
        var secret = RandomNumberGenerator.GetBytes(32);
        var data = Directory.CreateTempSubdirectory("vigil-token-bench");
        try
        {
            await using var app = Program.BuildServer(["--environment=Development", $"--Vigil:DataDirectory={data.FullName}", "--Vigil:Broker:Enabled=false",
                "--Vigil:Tokens:ExternalIssuers:0:Issuer=bench", $"--Vigil:Tokens:ExternalIssuers:0:HmacSecret={Convert.ToBase64String(secret)}",
                .. args.Where(a => a.Contains(':'))]);
            var validator = app.Services.GetRequiredService<TokenValidator>();
            var issuer = app.Services.GetRequiredService<TokenIssuer>();
            var own = Enumerable.Range(0, count).Select(_ => issuer.CreateAccessToken(
                new TokenSubject(TokenSubject.AppUserKind, Guid.NewGuid(), ["app_user"], new Dictionary<string, object>()))).ToArray();
            var external = Enumerable.Range(0, count).Select(i => External(secret, i)).ToArray();
            Console.WriteLine("tokens      B allocated per token  µs per token");
            foreach (var (label, tokens) in new[] { ("Vigil ES256", own), ("issuer HS256", external) })
            {
                await ValidateAsync(validator, tokens[..(count / 10)]); // warm-up
                var (bytes, micros) = await ValidateAsync(validator, tokens[(count / 10)..]);
                Console.WriteLine($"{label,-12}  {bytes,20:F0}  {micros,12:F1}");
            }
            return 0;
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    private static async Task<(double Bytes, double Micros)> ValidateAsync(TokenValidator validator, string[] tokens)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        foreach (var token in tokens)
        {
            _ = await validator.ValidateAccessTokenAsync(token, remember: false) ?? throw new InvalidOperationException("a bench token was refused");
        }
        return ((GC.GetAllocatedBytesForCurrentThread() - before) / (double)tokens.Length, clock.Elapsed.TotalMicroseconds / tokens.Length);
    }

    private static string External(byte[] secret, int user) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "bench",
        Subject = new ClaimsIdentity([new Claim("sub", $"u{user}")]),
        Expires = DateTime.UtcNow.AddHours(1),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(secret), SecurityAlgorithms.HmacSha256),
    });
}
