using System.Text.Json;
using Handoff.Contracts;
using Handoff.Contracts.State;
using Handoff.ConversationState.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Handoff.ConversationState.Conversations;

/// <summary>
/// Each conversation's active task, its step, the task it replaced and the user's recent turns, with a
/// sliding lifetime. Every change is one Lua script, so concurrent turns never lose an update.
/// </summary>
public sealed class ConversationStore(IConnectionMultiplexer redis, IOptions<StateOptions> options, TimeProvider time)
{
    public const int MaxRecentTurns = 20;
    public const int MaxTurnLength = 500;

    private static readonly RedisValue[] TaskFields = ["context", "step", "activatedAt", "previousContext", "previousStep", "turns"];

    // A new task pushes the current one to "previous", unless it is the same context replayed (a redelivered
    // redemption must not make the task its own predecessor).
    private static readonly LuaScript ActivateScript = LuaScript.Prepare("""
        local current = redis.call('HMGET', @key, 'context', 'step')
        if current[1] ~= @context then
          if current[1] then
            redis.call('HSET', @key, 'previousContext', current[1], 'previousStep', current[2])
          end
          redis.call('HSET', @key, 'context', @context, 'step', 0, 'activatedAt', @now)
        end
        redis.call('PEXPIRE', @key, @lifetimeMs)
        return redis.call('HMGET', @key, 'context', 'step', 'activatedAt', 'previousContext', 'previousStep', 'turns')
        """);

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

    private readonly StateOptions _options = options.Value;

    public async Task<ActiveTask> ActivateAsync(string conversationId, HandoffContext context)
    {
        var fields = (RedisValue[])(await redis.GetDatabase().ScriptEvaluateAsync(ActivateScript, new
        {
            key = (RedisKey)RedisKeys.Conversation(conversationId),
            context = JsonSerializer.Serialize(context, ContractsJson.Default.HandoffContext),
            now = time.GetUtcNow().ToUnixTimeMilliseconds(),
            lifetimeMs = LifetimeMs,
        }))!;
        return ToSnapshot(conversationId, fields).ActiveTask!;
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
            text = text.Length > MaxTurnLength ? text[..MaxTurnLength] : text,
            maxTurns = MaxRecentTurns,
            lifetimeMs = LifetimeMs,
        }))!;
        return ToSnapshot(conversationId, fields);
    }

    public async Task<IReadOnlyList<string>> RecentTurnsAsync(string conversationId) =>
        (await redis.GetDatabase().ListRangeAsync(RedisKeys.ConversationTurns(conversationId))).Select(turn => (string)turn!).ToList();

    /// <summary>Erases the conversation's state and turns; returns how many records were removed.</summary>
    public async Task<long> ForgetAsync(string conversationId) =>
        await redis.GetDatabase().KeyDeleteAsync([RedisKeys.Conversation(conversationId), RedisKeys.ConversationTurns(conversationId)]);

    private long LifetimeMs => (long)_options.ConversationLifetime.TotalMilliseconds;

    private static ConversationSnapshot ToSnapshot(string conversationId, RedisValue[] fields)
    {
        var turns = fields[5].IsNull ? 0 : (long)fields[5];
        if (fields[0].IsNull || fields[1].IsNull || fields[2].IsNull)
        {
            return new ConversationSnapshot(conversationId, null, turns);
        }

        var previous = fields[3].IsNull
            ? null
            : new PreviousTask(JsonSerializer.Deserialize((string)fields[3]!, ContractsJson.Default.HandoffContext)!, (int)fields[4]);
        var task = new ActiveTask(JsonSerializer.Deserialize((string)fields[0]!, ContractsJson.Default.HandoffContext)!, (int)fields[1],
            DateTimeOffset.FromUnixTimeMilliseconds((long)fields[2]), previous);
        return new ConversationSnapshot(conversationId, task, turns);
    }
}

public enum AdvanceResult
{
    Advanced,
    StepChanged,
    NoActiveTask,
}
