using System.Security.Cryptography;
using System.Text.Json;
using Handoff.Contracts;
using Handoff.Contracts.State;
using Handoff.ConversationState.Contexts;
using Handoff.ConversationState.Encryption;
using Handoff.ConversationState.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Handoff.ConversationState.Conversations;

/// <summary>
/// Each conversation's active task, its step, the task it replaced and each user's recent messages with the bot
/// (<see cref="ConversationHistory"/>), with a sliding lifetime. Every change is one Lua script, so concurrent turns
/// never lose an update.
/// </summary>
public sealed class ConversationStore(
    IConnectionMultiplexer redis, IOptions<StateOptions> options, TimeProvider time, ContextProtector protector, ReplicaAcknowledgement replicaAcks)
{

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
        local t = redis.call('HMGET', @key, 'context', 'step', 'previousContext', 'previousStep', 'contextOf', 'previousContextOf', 'redeemedBy', 'previousRedeemedBy')
        if not t[3] then return 0 end
        redis.call('HSET', @key, 'context', t[3], 'step', t[4], 'previousContext', t[1], 'previousStep', t[2], 'activatedAt', @now,
          'contextOf', t[6] or '', 'previousContextOf', t[5] or '', 'redeemedBy', t[8] or '', 'previousRedeemedBy', t[7] or '')
        redis.call('PEXPIRE', @key, @lifetimeMs)
        return 1
        """);

    // Answers the task's fields (TaskFields' order), then the user's history and the turns from before it, both as they
    // stood before this turn: the caller gets what was said so far and the task in one round trip.
    private static readonly LuaScript RecordTurnScript = LuaScript.Prepare("""
        local history = redis.call('LRANGE', @historyKey, 0, -1)
        local legacy = redis.call('LRANGE', @legacyKey, 0, -1)
        redis.call('RPUSH', @historyKey, @message)
        redis.call('LTRIM', @historyKey, -@maxMessages, -1)
        redis.call('HINCRBY', @key, 'turns', 1)
        redis.call('PEXPIRE', @historyKey, @lifetimeMs)
        redis.call('PEXPIRE', @key, @lifetimeMs)
        return {redis.call('HMGET', @key, 'context', 'step', 'activatedAt', 'previousContext', 'previousStep', 'turns'), history, legacy}
        """);

    private static readonly LuaScript RecordReplyScript = LuaScript.Prepare("""
        redis.call('RPUSH', @historyKey, @message)
        redis.call('LTRIM', @historyKey, -@maxMessages, -1)
        redis.call('PEXPIRE', @historyKey, @lifetimeMs)
        redis.call('PEXPIRE', @key, @lifetimeMs)
        return 1
        """);

    // Every redemption outcome marks the conversation answered (a message follows at once, so no typing). A fresh
    // redemption (ActivateScript) also opens the quiet window for re-clicks, which the first re-click after it
    // claims for its notice.
    private static readonly LuaScript AnsweredScript = LuaScript.Prepare("""
        redis.call('SET', @answeredKey, '1', 'PX', @typingWindowMs)
        if @mode == 'earlier' then
          if redis.call('SET', @quietKey, '1', 'NX', 'PX', @quietWindowMs) then return 1 end
          return 0
        end
        return 1
        """);

    // A fresh redemption: the task moves in (the one it replaces is kept as the previous one), the conversation is
    // marked answered and its quiet window opened. The redemption is kept beside the task (redeemedBy), for the welcome's
    // claim to find it by. Answers the task's fields in TaskFields' order.
    private static readonly LuaScript ActivateScript = LuaScript.Prepare("""
        local current = redis.call('HMGET', @key, 'context', 'step', 'contextOf', 'redeemedBy')
        if current[3] ~= @contextOf then
          if current[1] then
            redis.call('HSET', @key, 'previousContext', current[1], 'previousStep', current[2] or '0', 'previousContextOf', current[3] or '',
              'previousRedeemedBy', current[4] or '')
          end
          redis.call('HSET', @key, 'context', @context, 'contextOf', @contextOf, 'step', 0, 'activatedAt', @now)
        end
        redis.call('HSET', @key, 'redeemedBy', @redemption)
        redis.call('PEXPIRE', @key, @lifetimeMs)
        redis.call('SET', @answeredKey, '1', 'PX', @typingWindowMs)
        redis.call('SET', @quietKey, '1', 'PX', @quietWindowMs)
        return redis.call('HMGET', @key, 'context', 'step', 'activatedAt', 'previousContext', 'previousStep', 'turns')
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
    private readonly ConversationHistory _history = new(protector);

    /// <summary>
    /// Records that a redemption in the conversation was decided without a new task (a fresh one is recorded by
    /// <see cref="ActivateAsync"/>). For <see cref="RedemptionKind.Earlier"/> (the owner
    /// clicked a link they had redeemed), answers whether this click may tell them: once per
    /// <see cref="StateOptions.AlreadyContinuingNoticeWindow"/>, and not within it after a welcome.
    /// </summary>
    public async Task<bool> RecordRedemptionAsync(string conversationId, RedemptionKind kind) =>
        (long)await redis.GetDatabase().ScriptEvaluateAsync(AnsweredScript, new
        {
            answeredKey = (RedisKey)RedisKeys.ConversationNotice(conversationId, AnsweredNotice),
            quietKey = (RedisKey)RedisKeys.ConversationNotice(conversationId, QuietNotice),
            mode = kind == RedemptionKind.Earlier ? "earlier" : "rejected",
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
    /// Makes <paramref name="redeemed"/> the conversation's active task and records its redemption (see
    /// <see cref="RecordRedemptionAsync"/>), in one script, one round trip. The current task becomes the previous one,
    /// unless it is the same context replayed (a redelivered redemption must not make the task its own predecessor):
    /// the conversation keeps the hash of the token beside the task (<c>contextOf</c>), so a replay is recognised without
    /// opening the task. The task is sealed to this conversation, so a record copied into another one does not open there.
    /// Answered once <see cref="StateOptions.ReplicaAcks"/> replicas have it, as the redeem before it: the welcome reads
    /// the task back from here (ADR 0028), so a failover must not take it.
    /// </summary>
    public async Task<ActiveTask> ActivateAsync(string conversationId, RedeemedContext redeemed)
    {
        var sealedHere = protector.Protect(JsonSerializer.Serialize(redeemed.Context, ContractsJson.Default.HandoffContext), SealBinding.Conversation(conversationId));
        var fields = (RedisValue[])(await redis.GetDatabase().ScriptEvaluateAsync(ActivateScript, new
        {
            key = (RedisKey)RedisKeys.Conversation(conversationId),
            answeredKey = (RedisKey)RedisKeys.ConversationNotice(conversationId, AnsweredNotice),
            quietKey = (RedisKey)RedisKeys.ConversationNotice(conversationId, QuietNotice),
            context = sealedHere,
            contextOf = redeemed.TokenHash,
            redemption = redeemed.RedemptionId,
            now = time.GetUtcNow().ToUnixTimeMilliseconds(),
            lifetimeMs = LifetimeMs,
            typingWindowMs = (long)_options.TypingWindow.TotalMilliseconds,
            quietWindowMs = (long)_options.AlreadyContinuingNoticeWindow.TotalMilliseconds,
        }))!;
        await replicaAcks.WaitAsync([RedisKeys.Conversation(conversationId)]);
        return ToSnapshot(conversationId, fields, (sealedHere, redeemed.Context)).ActiveTask
               ?? throw new InvalidOperationException("The activation script left the conversation without its task.");
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

    /// <summary>
    /// The conversation's active task while <paramref name="redemptionId"/> is the redemption that made it active (a
    /// welcome on its way); null once it is not: the user forgot it, a newer handoff replaced it or they switched away.
    /// Only a match is opened. Unlike <see cref="GetAsync"/>, reading it does not keep the conversation.
    /// </summary>
    public async Task<Unopened<ActiveTask>> TaskRedeemedByAsync(string conversationId, string redemptionId)
    {
        var fields = await redis.GetDatabase().HashGetAsync(RedisKeys.Conversation(conversationId), [.. TaskFields, "redeemedBy"]);
        return new Unopened<ActiveTask>(() => fields[^1] == redemptionId ? ToSnapshot(conversationId, fields).ActiveTask : null);
    }

    /// <summary>
    /// Where the task redeemed with the token of hash <paramref name="tokenHash"/> (from the token's tombstone) stands
    /// in the conversation: active or kept as the previous one, with its context; null when the conversation holds it
    /// no more. The hashes kept beside the tasks are compared; only a match is opened.
    /// </summary>
    public async Task<EarlierRedemption?> StandingAsync(string conversationId, string tokenHash) =>
        (await StandingAsync(conversationId, "contextOf", "previousContextOf", tokenHash)).Open();

    /// <summary>The same, for the task that redemption <paramref name="redemptionId"/> made active here: an "already continuing" notice's claim.</summary>
    public Task<Unopened<EarlierRedemption>> StandingOfRedemptionAsync(string conversationId, string redemptionId) =>
        StandingAsync(conversationId, "redeemedBy", "previousRedeemedBy", redemptionId);

    private async Task<Unopened<EarlierRedemption>> StandingAsync(string conversationId, string activeField, string keptField, string value)
    {
        var fields = await redis.GetDatabase().HashGetAsync(RedisKeys.Conversation(conversationId),
            ["context", "step", activeField, "previousContext", "previousStep", keptField]);
        return new Unopened<EarlierRedemption>(() => Standing(conversationId, fields, value));
    }

    private EarlierRedemption? Standing(string conversationId, RedisValue[] fields, string value)
    {
        foreach (var (record, step, of, standing) in new[] { (fields[0], fields[1], fields[2], EarlierTaskStanding.Active), (fields[3], fields[4], fields[5], EarlierTaskStanding.Kept) })
        {
            if (!record.IsNull && of == value && ReadContext(record, conversationId) is { } context)
            {
                return new EarlierRedemption(context, standing, step.IsNull ? 0 : (int)step, Notify: false);
            }
        }

        return null;
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

    /// <summary>
    /// Records the user's turn (shortened to <see cref="ConversationHistory.MaxTurnLength"/>) in their history here, and
    /// answers the conversation with <see cref="ConversationSnapshot.History"/>: that history before this turn.
    /// </summary>
    public async Task<ConversationSnapshot> RecordTurnAsync(string conversationId, string userAadObjectId, string tenantId, string text)
    {
        var owner = Owner.Of(userAadObjectId, tenantId);
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(RecordTurnScript, new
        {
            key = (RedisKey)RedisKeys.Conversation(conversationId),
            historyKey = (RedisKey)RedisKeys.ConversationHistory(conversationId, owner),
            legacyKey = (RedisKey)RedisKeys.ConversationTurns(conversationId),
            message = _history.Seal(conversationId, owner, ConversationRoles.User, text, time.GetUtcNow()),
            maxMessages = ConversationHistory.MaxMessages,
            lifetimeMs = LifetimeMs,
        }))!;
        var snapshot = ToSnapshot(conversationId, (RedisValue[])result[0]!);
        return snapshot with { History = ReadHistory(conversationId, owner, (RedisValue[])result[1]!, (RedisValue[])result[2]!, snapshot.ActiveTask) };
    }

    /// <summary>Records the bot's reply to the user (shortened to <see cref="ConversationHistory.MaxReplyLength"/>) in their history here.</summary>
    public async Task RecordReplyAsync(string conversationId, string userAadObjectId, string tenantId, string text)
    {
        var owner = Owner.Of(userAadObjectId, tenantId);
        await redis.GetDatabase().ScriptEvaluateAsync(RecordReplyScript, new
        {
            key = (RedisKey)RedisKeys.Conversation(conversationId),
            historyKey = (RedisKey)RedisKeys.ConversationHistory(conversationId, owner),
            message = _history.Seal(conversationId, owner, ConversationRoles.Assistant, text, time.GetUtcNow()),
            maxMessages = ConversationHistory.MaxMessages,
            lifetimeMs = LifetimeMs,
        });
    }

    /// <summary>The user's recent messages with the bot in the conversation, both sides, oldest first.</summary>
    public async Task<IReadOnlyList<ConversationMessage>> HistoryAsync(string conversationId, string userAadObjectId, string tenantId)
    {
        var owner = Owner.Of(userAadObjectId, tenantId);
        var batch = redis.GetDatabase().CreateBatch();
        var records = batch.ListRangeAsync(RedisKeys.ConversationHistory(conversationId, owner));
        var legacy = batch.ListRangeAsync(RedisKeys.ConversationTurns(conversationId));
        var task = batch.HashGetAsync(RedisKeys.Conversation(conversationId), TaskFields);
        batch.Execute();
        await Task.WhenAll(records, legacy, task);
        return ReadHistory(conversationId, owner, await records, await legacy, ToSnapshot(conversationId, await task).ActiveTask);
    }

    /// <summary>
    /// Erases the conversation's state, its turns from before the history and <paramref name="owner"/>'s history in it;
    /// returns how many records were removed. Other users' histories in a shared conversation are theirs and stay.
    /// </summary>
    public async Task<long> ForgetAsync(string conversationId, string owner)
    {
        var database = redis.GetDatabase();
        // The notice markers hold nothing but their name and expire within minutes: erased, not counted as records.
        await database.KeyDeleteAsync(Notices.Select(notice => (RedisKey)RedisKeys.ConversationNotice(conversationId, notice)).ToArray());
        return await database.KeyDeleteAsync(
            [RedisKeys.Conversation(conversationId), RedisKeys.ConversationTurns(conversationId), RedisKeys.ConversationHistory(conversationId, owner)]);
    }

    /// <summary>
    /// The turns from before the history kept users apart are this user's only when the conversation's task is theirs:
    /// a handoff opens in a personal chat only, whose one user wrote them. Elsewhere (a group chat) they are nobody's.
    /// </summary>
    private IReadOnlyList<ConversationMessage> ReadHistory(string conversationId, string owner, RedisValue[] records, RedisValue[] legacy, ActiveTask? task) =>
        _history.Read(conversationId, owner, records,
            legacy.Length > 0 && task is not null && Owner.Of(task.Context.UserAadObjectId, task.Context.TenantId) == owner ? legacy : []);

    private long LifetimeMs => (long)_options.ConversationLifetime.TotalMilliseconds;

    /// <param name="known">A context whose record is already open: not opened again when the task holds it.</param>
    private ConversationSnapshot ToSnapshot(string conversationId, RedisValue[] fields, (string Sealed, HandoffContext Context)? known = null)
    {
        var turns = fields[5].IsNull ? 0 : (long)fields[5];
        if (fields[0].IsNull || fields[1].IsNull || fields[2].IsNull
            || (known is { } open && fields[0] == open.Sealed ? open.Context : ReadContext(fields[0], conversationId)) is not { } context)
        {
            return new ConversationSnapshot(conversationId, null, turns);
        }

        var previous = !fields[3].IsNull && ReadContext(fields[3], conversationId) is { } previousContext ? new PreviousTask(previousContext, (int)fields[4]) : null;
        var task = new ActiveTask(context, (int)fields[1], DateTimeOffset.FromUnixTimeMilliseconds((long)fields[2]), previous);
        return new ConversationSnapshot(conversationId, task, turns);
    }

    /// <summary>A context sealed with a key that has left the ring, or for another conversation, reads as no context.</summary>
    private HandoffContext? ReadContext(RedisValue record, string conversationId)
    {
        try
        {
            return JsonSerializer.Deserialize(protector.Unprotect(record!, SealBinding.Conversation(conversationId)), ContractsJson.Default.HandoffContext);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}

public enum RedemptionKind
{
    Earlier,
    Rejected,
}

public enum AdvanceResult
{
    Advanced,
    StepChanged,
    NoActiveTask,
}
