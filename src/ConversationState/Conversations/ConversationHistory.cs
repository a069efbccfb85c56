using System.Security.Cryptography;
using System.Text.Json;
using Handoff.Contracts;
using Handoff.Contracts.State;
using Handoff.ConversationState.Encryption;
using StackExchange.Redis;

namespace Handoff.ConversationState.Conversations;

/// <summary>
/// The records of one user's history in a conversation (<see cref="Storage.RedisKeys.ConversationHistory"/>): each
/// message is its JSON, sealed to the conversation and the user (<see cref="SealBinding.ConversationMessage"/>), so a
/// record copied into another user's list does not open there. Bounded by count and by length, not by bytes: at most
/// <see cref="MaxMessages"/> messages of at most <see cref="MaxReplyLength"/> characters (docs/decisions/0023-app-payload-and-history.md).
/// </summary>
internal sealed class ConversationHistory(ContextProtector protector)
{
    /// <summary>The messages kept per user and conversation, both sides together; older ones are dropped.</summary>
    public const int MaxMessages = 40;

    /// <summary>A user's turn is kept up to this many characters, the rest cut off (as turns always were).</summary>
    public const int MaxTurnLength = 500;

    /// <summary>The bot's reply is kept up to this many characters, the rest cut off: a model's answer is longer than a turn.</summary>
    public const int MaxReplyLength = 4_000;

    /// <summary>
    /// The time of a turn recorded before messages kept theirs (<see cref="Storage.RedisKeys.ConversationTurns"/>):
    /// unknown, and older than every message that has one.
    /// </summary>
    public static readonly DateTimeOffset UnknownTime = DateTimeOffset.MinValue;

    public string Seal(string conversationId, string owner, string role, string text, DateTimeOffset at) =>
        protector.Protect(
            JsonSerializer.Serialize(new ConversationMessage(role, Shorten(text, role == ConversationRoles.User ? MaxTurnLength : MaxReplyLength), at), ContractsJson.Default.ConversationMessage),
            SealBinding.ConversationMessage(conversationId, owner));

    /// <summary>
    /// The messages, oldest first, at most <see cref="MaxMessages"/>. <paramref name="legacyTurns"/> (the conversation's
    /// turns from before, of whichever user) come first as the user's, and only when the caller has said they are this
    /// user's. A record that does not open (another key ring, another user) is left out.
    /// </summary>
    public IReadOnlyList<ConversationMessage> Read(string conversationId, string owner, RedisValue[] records, RedisValue[] legacyTurns)
    {
        var legacy = legacyTurns.Select(record => Open(record, SealBinding.Conversation(conversationId)) is { } text
            ? new ConversationMessage(ConversationRoles.User, text, UnknownTime)
            : null);
        var messages = records.Select(record => Open(record, SealBinding.ConversationMessage(conversationId, owner)) is { } json
            ? JsonSerializer.Deserialize(json, ContractsJson.Default.ConversationMessage)
            : null);
        return legacy.Concat(messages).OfType<ConversationMessage>().TakeLast(MaxMessages).ToList();
    }

    private string? Open(RedisValue record, SealBinding binding)
    {
        try
        {
            return protector.Unprotect(record!, binding);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The first <paramref name="maxLength"/> characters, never half of a surrogate pair.</summary>
    private static string Shorten(string text, int maxLength) =>
        text.Length <= maxLength ? text : text[..(char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength)];
}
