using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Vigil.Identity.Sms;
using Vigil.Identity.Tokens;
using Vigil.Identity.Users;
using Vigil.Infrastructure.Database;
using Vigil.Infrastructure.Secrets;

namespace Vigil.Identity.Phone;

/// <summary>The Operator flow: send a one-time code to a phone, then trade the code for tokens.</summary>
public sealed class PhoneVerification(
    VigilDb db,
    PhoneHasher phoneHasher,
    SecretStore secrets,
    ISmsSender sms,
    SessionTokens tokens,
    IOptions<PhoneOptions> options,
    TimeProvider clock)
{
    public const string CodeKeySecretName = "VerificationCodeKey";

    public abstract record InitOutcome
    {
        public sealed record Sent(string Token) : InitOutcome;
        public sealed record InvalidPhone : InitOutcome;
        public sealed record TooMany(TimeSpan RetryAfter) : InitOutcome;
    }

    public abstract record VerifyOutcome
    {
        public sealed record Verified(TokenPair Tokens) : VerifyOutcome;
        public sealed record UnknownSession : VerifyOutcome;
        public sealed record WrongCode(int AttemptsLeft) : VerifyOutcome;
    }

    /// <exception cref="SmsDeliveryException">The code could not be sent; nothing was stored.</exception>
    public async Task<InitOutcome> InitAsync(string phone, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (PhoneNumbers.ToE164(phone, settings.DefaultCountryCode) is not { } e164)
        {
            return new InitOutcome.InvalidPhone();
        }
        var phoneHash = phoneHasher.Hash(e164);
        var now = clock.GetUtcNow();
        var windowStart = now.AddHours(-1);
        var recent = await db.Set<VerificationSession>()
            .Where(s => s.PhoneHash == phoneHash && s.CreatedAt > windowStart)
            .Select(s => s.CreatedAt).OrderBy(c => c).ToListAsync(cancellationToken);
        if (recent.Count >= settings.CodesPerPhonePerHour)
        {
            return new InitOutcome.TooMany(recent[^settings.CodesPerPhonePerHour] - windowStart);
        }
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var id = Sha256(token);
        await sms.SendAsync(e164, string.Format(System.Globalization.CultureInfo.InvariantCulture, settings.MessageTemplate, code), cancellationToken);
        db.Add(new VerificationSession
        {
            Id = id,
            CodeHash = CodeHash(id, code),
            PhoneHash = phoneHash,
            CreatedAt = now,
            ExpiresAt = now + settings.CodeLifetime,
        });
        await db.SaveChangesAsync(cancellationToken);
        return new InitOutcome.Sent(token);
    }

    public async Task<VerifyOutcome> VerifyAsync(string token, string code, CancellationToken cancellationToken)
    {
        var id = Sha256(token);
        var now = clock.GetUtcNow();
        var maxAttempts = options.Value.MaxAttempts;
        // Reserve an attempt before comparing, so parallel guesses cannot exceed the limit.
        var reserved = await db.Set<VerificationSession>()
            .Where(s => s.Id == id && s.VerifiedAt == null && s.Attempts < maxAttempts && s.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Attempts, x => x.Attempts + 1), cancellationToken);
        if (reserved == 0)
        {
            return new VerifyOutcome.UnknownSession();
        }
        var session = await db.Set<VerificationSession>().AsNoTracking().SingleAsync(s => s.Id == id, cancellationToken);
        var expected = Encoding.ASCII.GetBytes(session.CodeHash);
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(CodeHash(id, code))))
        {
            return new VerifyOutcome.WrongCode(Math.Max(0, maxAttempts - session.Attempts));
        }
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await CompleteAsync(session, now, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another session for the same phone created its user first; the next try finds it.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<VerifyOutcome> CompleteAsync(VerificationSession session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var won = await db.Set<VerificationSession>()
            .Where(s => s.Id == session.Id && s.VerifiedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.VerifiedAt, now), cancellationToken);
        if (won == 0)
        {
            return new VerifyOutcome.UnknownSession();
        }
        var user = await db.Set<AppUser>().SingleOrDefaultAsync(u => u.PhoneHash == session.PhoneHash, cancellationToken);
        if (user is null)
        {
            user = new AppUser { Id = Guid.NewGuid(), PhoneHash = session.PhoneHash, CreatedAt = now };
            db.Add(user);
        }
        var pair = tokens.Start(TokenSubjects.For(user));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new VerifyOutcome.Verified(pair);
    }

    private string CodeHash(string sessionId, string code) =>
        Convert.ToHexString(HMACSHA256.HashData(secrets.Get(CodeKeySecretName), Encoding.UTF8.GetBytes(sessionId + ":" + code)));

    private static string Sha256(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
