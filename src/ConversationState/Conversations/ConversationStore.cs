using System.Text.Json;
using Handoff.Contracts;
using Handoff.Contracts.State;
using Handoff.ConversationState.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Handoff.ConversationState.Conversations;

/// <summary>Each conversation's active task and step, with a sliding lifetime.</summary>
public sealed class ConversationStore(IConnectionMultiplexer redis, IOptions<StateOptions> options, TimeProvider time)
{
    // Compare-and-set on the step: two turns racing on "next" move the task one step, not two.
    private static readonly LuaScript AdvanceScript = LuaScript.Prepare("""
        local step = redis.call('HGET', @key, 'step')
        if not step then return -2 end
        if tonumber(step) ~= tonumber(@expected) then return -1 end
        local next = redis.call('HINCRBY', @key, 'step', 1)
        redis.call('PEXPIRE', @key, @lifetimeMs)
        return next
        """);

    private readonly StateOptions _options = options.Value;

    public async Task<ActiveTask> ActivateAsync(string conversationId, HandoffContext context)
    {
        var task = new ActiveTask(context, 0, time.GetUtcNow());
        var key = RedisKeys.Conversation(conversationId);
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.KeyDeleteAsync(key);
        _ = transaction.HashSetAsync(key,
        [
            new HashEntry("context", JsonSerializer.Serialize(context, ContractsJson.Default.HandoffContext)),
            new HashEntry("step", 0),
            new HashEntry("activatedAt", task.ActivatedAt.ToUnixTimeMilliseconds()),
        ]);
        _ = transaction.KeyExpireAsync(key, _options.ConversationLifetime);
        await transaction.ExecuteAsync();
        return task;
    }

    public async Task<ActiveTask?> GetAsync(string conversationId)
    {
        var key = RedisKeys.Conversation(conversationId);
        var batch = redis.GetDatabase().CreateBatch();
        var read = batch.HashGetAsync(key, ["context", "step", "activatedAt"]);
        var slide = batch.KeyExpireAsync(key, _options.ConversationLifetime);
        batch.Execute();
        await Task.WhenAll(read, slide);
        return ToActiveTask(await read);
    }

    public async Task<AdvanceResult> AdvanceAsync(string conversationId, int expectedStepIndex)
    {
        var key = RedisKeys.Conversation(conversationId);
        var result = (long)await redis.GetDatabase().ScriptEvaluateAsync(AdvanceScript, new
        {
            key = (RedisKey)key,
            expected = expectedStepIndex,
            lifetimeMs = (long)_options.ConversationLifetime.TotalMilliseconds,
        });
        return result switch
        {
            -2 => AdvanceResult.NoActiveTask,
            -1 => AdvanceResult.StepChanged,
            _ => AdvanceResult.Advanced,
        };
    }

    private static ActiveTask? ToActiveTask(RedisValue[] fields)
    {
        if (fields[0].IsNull || fields[1].IsNull || fields[2].IsNull)
        {
            return null;
        }

        var context = JsonSerializer.Deserialize((string)fields[0]!, ContractsJson.Default.HandoffContext)!;
        return new ActiveTask(context, (int)fields[1], DateTimeOffset.FromUnixTimeMilliseconds((long)fields[2]));
    }
}

public enum AdvanceResult
{
    Advanced,
    StepChanged,
    NoActiveTask,
}
