using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Vigil.Broker.Security;
using Vigil.Identity.Users;
using Vigil.Infrastructure.Database;
using Vigil.Infrastructure.Http;

namespace Vigil.Contacts;

/// <summary>
/// The contacts commands, each in one transaction together with the record that the message was
/// handled: a redelivered message gets its first outputs back and changes nothing.
/// </summary>
public sealed class ContactCommands(VigilDb db, TimeProvider clock)
{
    public const string RequestContact = "request_contact";
    public const string AcceptContact = "accept_contact";
    public const string GetContactList = "get_contact_list";

    private sealed record RequestBody([property: JsonRequired] string ContactUserId);
    private sealed record AcceptBody([property: JsonRequired] Guid RequestId);
    private sealed record EmptyBody;

    public async Task<IReadOnlyList<HandlerOutput>> HandleAsync(string command, string userId, string messageId, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var earlier = await db.Set<HandledMessage>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == messageId, ct);
        if (earlier is not null)
        {
            return JsonSerializer.Deserialize<List<HandlerOutput>>(earlier.Outputs, ContactPayloads.Write)!;
        }
        IReadOnlyList<HandlerOutput> outputs;
        try
        {
            outputs = command switch
            {
                RequestContact => await RequestAsync(userId, Parse<RequestBody>(payload), ct),
                AcceptContact => await AcceptAsync(userId, Parse<AcceptBody>(payload), ct),
                GetContactList => await ListAsync(userId, Parse<EmptyBody>(payload), ct),
                _ => throw new CommandError("unknown_command", $"'{command}' is not a command"),
            };
        }
        catch (CommandError error)
        {
            db.ChangeTracker.Clear();
            outputs = [Output($"{userId}_error", new { command, code = error.Code, message = error.Message })];
        }
        db.Add(new HandledMessage { Id = messageId, Outputs = JsonSerializer.Serialize(outputs, ContactPayloads.Write), HandledAt = clock.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // Another handler instance took the same message (or the same request) at the same moment.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return [Output($"{userId}_error", new { command, code = "conflict", message = "the same change was made concurrently; try again" })];
        }
        return outputs;
    }

    private async Task<IReadOnlyList<HandlerOutput>> RequestAsync(string userId, RequestBody body, CancellationToken ct)
    {
        var target = body.ContactUserId;
        if (!TopicRules.IsValidUserId(target))
        {
            throw new CommandError("bad_request", "contactUserId is not a user id");
        }
        if (target == userId)
        {
            throw new CommandError("self_request", "a user cannot add themselves");
        }
        if (!Guid.TryParse(target, out var targetId) || !await db.Set<AppUser>().AnyAsync(u => u.Id == targetId, ct))
        {
            throw new CommandError("unknown_user", "no such user");
        }
        if (await db.Set<Contact>().AnyAsync(c => c.UserId == userId && c.ContactUserId == target, ct))
        {
            throw new CommandError("already_contacts", "you are already contacts");
        }
        if (await db.Set<ContactRequest>().AnyAsync(r => r.FromUserId == userId && r.ToUserId == target, ct))
        {
            throw new CommandError("duplicate_request", "a request to this user is already pending");
        }
        var request = new ContactRequest { Id = Guid.NewGuid(), FromUserId = userId, ToUserId = target, CreatedAt = clock.GetUtcNow() };
        db.Add(request);
        return [Output($"{target}_contact_requested", new { requestId = request.Id, fromUserId = userId, createdAt = request.CreatedAt })];
    }

    private async Task<IReadOnlyList<HandlerOutput>> AcceptAsync(string userId, AcceptBody body, CancellationToken ct)
    {
        var request = await db.Set<ContactRequest>().SingleOrDefaultAsync(r => r.Id == body.RequestId, ct);
        if (request is null || request.ToUserId != userId)
        {
            // Only the target may accept; to anyone else the request does not exist.
            throw new CommandError("unknown_request", "no such pending request for you");
        }
        db.Remove(request);
        var now = clock.GetUtcNow();
        foreach (var (a, b) in new[] { (request.FromUserId, request.ToUserId), (request.ToUserId, request.FromUserId) })
        {
            if (!await db.Set<Contact>().AnyAsync(c => c.UserId == a && c.ContactUserId == b, ct))
            {
                db.Add(new Contact { UserId = a, ContactUserId = b, Since = now });
            }
        }
        return [Output($"{request.FromUserId}_contact_approved", new { requestId = request.Id, contactUserId = userId })];
    }

    private async Task<IReadOnlyList<HandlerOutput>> ListAsync(string userId, EmptyBody _, CancellationToken ct)
    {
        var contacts = await db.Set<Contact>().AsNoTracking().Where(c => c.UserId == userId)
            .OrderBy(c => c.ContactUserId).Select(c => new { userId = c.ContactUserId, since = c.Since }).ToListAsync(ct);
        return [Output($"{userId}_contact_list", new { contacts })];
    }

    private static T Parse<T>(ReadOnlyMemory<byte> payload)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(payload.Span, ContactPayloads.Read) ?? throw new CommandError("bad_request", "the payload is null");
        }
        catch (JsonException e)
        {
            throw new CommandError("bad_request", JsonProblems.Describe(e));
        }
    }

    private static HandlerOutput Output(string topic, object payload) => new(topic, JsonSerializer.Serialize(payload, ContactPayloads.Write));

    private sealed class CommandError(string code, string message) : Exception(message)
    {
        public string Code { get; } = code;
    }
}
