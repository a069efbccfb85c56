using System.Security.Cryptography;
using System.Text.Json;
using Handoff.Contracts;
using Handoff.Contracts.State;
using Handoff.ConversationState.Encryption;
using Handoff.ConversationState.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Handoff.ConversationState.Conversations;

/// <summary>
/// Each conversation's active task, its step, the task it replaced and the user's recent turns, with a
/// sliding lifetime. Every change is one Lua script, so concurrent turns never lose an update.
/// </summary>
public sealed class ConversationStore(IConnectionMultiplexer redis, IOptions<StateOptions> options, TimeProvider time, ContextProtector protector)
{
    public const int MaxRecentTurns = 20;
    public const int MaxTurnLength = 500;

    private static readonly RedisValue[] TaskFields = ["context", "step", "activatedAt", "previousContext", "previousStep", "turns"];

    // Compare-and-set on the step: two turns racing on "next" move the task one step, not two.
    private static readonly LuaScript AdvanceScript = LuaScript.Prepare("""
        local step = redis.call('HGET', @key, 'step')
        if not step then return -2 end
        if tonumber(step) ~= tonumber(@expected) then return -1 end
        local next = redis.call('HINCRBY', @key, 'step', 1)
        redis.call('PEXPIRE', @key, @lifetimeMs)
        return next
        """);

    private static readonly LuaScript SwitchScript = LuaScript.Prepare("""
        local t = redis.call('HMGET', @key, 'context', 'step', 'previousContext', 'previousStep')
        if not t[3] then return 0 end
        redis.call('HSET', @key, 'context', t[3], 'step', t[4], 'previousContext', t[1], 'previousStep', t[2], 'activatedAt', @now)
        redis.call('PEXPIRE', @key, @lifetimeMs)
        return 1
        """);

    private static readonly LuaScript RecordTurnScript = LuaScript.Prepare("""
        redis.call('RPUSH', @turnsKey, @text)
        redis.call('LTRIM', @turnsKey, -@maxTurns, -1)
        redis.call('HINCRBY', @key, 'turns', 1)
        redis.call('PEXPIRE', @turnsKey, @lifetimeMs)
        redis.call('PEXPIRE', @key, @lifetimeMs)
        return redis.call('HMGET', @key, 'context', 'step', 'activatedAt', 'previousContext', 'previousStep', 'turns')
        """);

    // Every redemption outcome marks the conversation answered (a message follows at once, so no typing); a fresh
    // redemption also opens the quiet window for re-clicks, which the first re-click after it claims for its notice.
    private static readonly LuaScript AnsweredScript = LuaScript.Prepare("""
        redis.call('SET', @answeredKey, '1', 'PX', @typingWindowMs)
        if @mode == 'redeemed' then
          redis.call('SET', @quietKey, '1', 'PX', @quietWindowMs)
          return 1
        end
        if @mode == 'earlier' then
          if redis.call('SET', @quietKey, '1', 'NX', 'PX', @quietWindowMs) then return 1 end
          return 0
        end
        return 1
        """);

    private static readonly LuaScript TypingScript = LuaScript.Prepare("""
        if redis.call('EXISTS', @answeredKey) == 1 then return 0 end
        if redis.call('SET', @typingKey, '1', 'NX', 'PX', @typingWindowMs) then return 1 end
        return 0
        """);

    private static readonly string[] Notices = [AnsweredNotice, QuietNotice, TypingNotice];

    private const string AnsweredNotice = "answered";
    private const string QuietNotice = "already-continuing";
    private const string TypingNotice = "typing";

    private readonly StateOptions _options = options.Value;

    /// <summary>
    /// Records that a redemption in the conversation was decided. For <see cref="RedemptionKind.Earlier"/> (the owner
    /// clicked a link they had redeemed), answers whether this click may tell them: once per
    /// <see cref="StateOptions.AlreadyContinuingNoticeWindow"/>, and not within it after a welcome.
    /// </summary>
    public async Task<bool> RecordRedemptionAsync(string conversationId, RedemptionKind kind) =>
        (long)await redis.GetDatabase().ScriptEvaluateAsync(AnsweredScript, new
        {
            answeredKey = (RedisKey)RedisKeys.ConversationNotice(conversationId, AnsweredNotice),
            quietKey = (RedisKey)RedisKeys.ConversationNotice(conversationId, QuietNotice),
            mode = kind switch { RedemptionKind.Redeemed => "redeemed", RedemptionKind.Earlier => "earlier", _ => "rejected" },
            typingWindowMs = (long)_options.TypingWindow.TotalMilliseconds,
            quietWindowMs = (long)_options.AlreadyContinuingNoticeWindow.TotalMilliseconds,
        }) == 1;

    /// <summary>Whether a click still waiting should show typing: not when an outcome was just decided here, and once per window.</summary>
    public async Task<bool> ClaimTypingAsync(string conversationId) =>
        (long)await redis.GetDatabase().ScriptEvaluateAsync(TypingScript, new
        {
            answeredKey = (RedisKey)RedisKeys.ConversationNotice(conversationId, AnsweredNotice),
            typingKey = (RedisKey)RedisKeys.ConversationNotice(conversationId, TypingNotice),
            typingWindowMs = (long)_options.TypingWindow.TotalMilliseconds,
        }) == 1;

    /// <summary>
    /// Makes <paramref name="context"/> the active task; the current one becomes the previous task, unless it
    /// is the same context replayed (a redelivered redemption must not make the task its own predecessor).
    /// Optimistic concurrency: the write only lands if the task and step are still what was read.
    /// </summary>
    public async Task<ActiveTask> ActivateAsync(string conversationId, HandoffContext context)
    {
        var key = RedisKeys.Conversation(conversationId);
        var json = JsonSerializer.Serialize(context, ContractsJson.Default.HandoffContext);
        var database = redis.GetDatabase();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var current = await database.HashGetAsync(key, ["context", "step"]);
            var transaction = database.CreateTransaction();
            transaction.AddCondition(current[0].IsNull ? Condition.HashNotExists(key, "context") : Condition.HashEqual(key, "context", current[0]));
            transaction.AddCondition(current[1].IsNull ? Condition.HashNotExists(key, "step") : Condition.HashEqual(key, "step", current[1]));
            if (current[0].IsNull || TryUnprotect(current[0], conversationId) != json)
            {
                if (!current[0].IsNull)
                {
                    _ = transaction.HashSetAsync(key, [new HashEntry("previousContext", current[0]), new HashEntry("previousStep", current[1])]);
                }

                _ = transaction.HashSetAsync(key,
                [
                    new HashEntry("context", protector.Protect(json, SealBinding.Conversation(conversationId))),
                    new HashEntry("step", 0),
                    new HashEntry("activatedAt", time.GetUtcNow().ToUnixTimeMilliseconds()),
                ]);
            }

            _ = transaction.KeyExpireAsync(key, _options.ConversationLifetime);
            if (await transaction.ExecuteAsync())
            {
                return (await GetAsync(conversationId)).ActiveTask!;
            }
        }

        throw new InvalidOperationException($"Conversation state kept changing while a task was being activated.");
    }

    public async Task<ConversationSnapshot> GetAsync(string conversationId)
    {
        var key = RedisKeys.Conversation(conversationId);
        var batch = redis.GetDatabase().CreateBatch();
        var read = batch.HashGetAsync(key, TaskFields);
        var slide = batch.KeyExpireAsync(key, _options.ConversationLifetime);
        batch.Execute();
        await Task.WhenAll(read, slide);
        return ToSnapshot(conversationId, await read);
    }

    public async Task<AdvanceResult> AdvanceAsync(string conversationId, int expectedStepIndex)
    {
        var result = (long)await redis.GetDatabase().ScriptEvaluateAsync(AdvanceScript, new
        {
            key = (RedisKey)RedisKeys.Conversation(conversationId),
            expected = expectedStepIndex,
            lifetimeMs = LifetimeMs,
        });
        return result switch
        {
            -2 => AdvanceResult.NoActiveTask,
            -1 => AdvanceResult.StepChanged,
            _ => AdvanceResult.Advanced,
        };
    }

    /// <summary>Makes the previous task active again, and the active one previous. False when there is no previous task.</summary>
    public async Task<bool> SwitchToPreviousAsync(string conversationId)
    {
        var result = (long)await redis.GetDatabase().ScriptEvaluateAsync(SwitchScript, new
        {
            key = (RedisKey)RedisKeys.Conversation(conversationId),
            now = time.GetUtcNow().ToUnixTimeMilliseconds(),
            lifetimeMs = LifetimeMs,
        });
        return result == 1;
    }

    public async Task<ConversationSnapshot> RecordTurnAsync(string conversationId, string text)
    {
        var fields = (RedisValue[])(await redis.GetDatabase().ScriptEvaluateAsync(RecordTurnScript, new
        {
            key = (RedisKey)RedisKeys.Conversation(conversationId),
            turnsKey = (RedisKey)RedisKeys.ConversationTurns(conversationId),
            text = protector.Protect(text.Length > MaxTurnLength ? text[..MaxTurnLength] : text, SealBinding.Conversation(conversationId)),
            maxTurns = MaxRecentTurns,
            lifetimeMs = LifetimeMs,
        }))!;
        return ToSnapshot(conversationId, fields);
    }

    public async Task<IReadOnlyList<string>> RecentTurnsAsync(string conversationId) =>
        (await redis.GetDatabase().ListRangeAsync(RedisKeys.ConversationTurns(conversationId))).Select(turn => protector.Unprotect(turn!, SealBinding.Conversation(conversationId))).ToList();

    /// <summary>Erases the conversation's state and turns; returns how many records were removed.</summary>
    public async Task<long> ForgetAsync(string conversationId)
    {
        var database = redis.GetDatabase();
        // The notice markers hold nothing but their name and expire within minutes: erased, not counted as records.
        await database.KeyDeleteAsync(Notices.Select(notice => (RedisKey)RedisKeys.ConversationNotice(conversationId, notice)).ToArray());
        return await database.KeyDeleteAsync([RedisKeys.Conversation(conversationId), RedisKeys.ConversationTurns(conversationId)]);
    }

    private long LifetimeMs => (long)_options.ConversationLifetime.TotalMilliseconds;

    private ConversationSnapshot ToSnapshot(string conversationId, RedisValue[] fields)
    {
        var turns = fields[5].IsNull ? 0 : (long)fields[5];
        if (fields[0].IsNull || fields[1].IsNull || fields[2].IsNull || ReadContext(fields[0], conversationId) is not { } context)
        {
            return new ConversationSnapshot(conversationId, null, turns);
        }

        var previous = !fields[3].IsNull && ReadContext(fields[3], conversationId) is { } previousContext ? new PreviousTask(previousContext, (int)fields[4]) : null;
        var task = new ActiveTask(context, (int)fields[1], DateTimeOffset.FromUnixTimeMilliseconds((long)fields[2]), previous);
        return new ConversationSnapshot(conversationId, task, turns);
    }

    /// <summary>A context sealed with a key that has left the ring reads as no context.</summary>
    private HandoffContext? ReadContext(RedisValue record, string conversationId) =>
        TryUnprotect(record, conversationId) is { } json ? JsonSerializer.Deserialize(json, ContractsJson.Default.HandoffContext) : null;

    private string? TryUnprotect(RedisValue record, string conversationId)
    {
        try
        {
            return protector.Unprotect(record!, SealBinding.Conversation(conversationId));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}

public enum RedemptionKind
{
    Redeemed,
    Earlier,
    Rejected,
}

public enum AdvanceResult
{
    Advanced,
    StepChanged,
    NoActiveTask,
}
