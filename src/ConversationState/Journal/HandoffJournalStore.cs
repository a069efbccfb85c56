using System.Text.Json;
using Handoff.Contracts;
using Handoff.Contracts.Diagnostics;
using Handoff.ConversationState.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Handoff.ConversationState.Journal;

/// <summary>
/// What happened to each handoff, step by step, for support: every gateway replica and HandoffService append
/// to the same Redis list, which lives <see cref="StateOptions.JournalLifetime"/> from its first step and holds
/// at most <see cref="StateOptions.MaxJournalSteps"/> (a link clicked a thousand times cannot grow it).
/// Steps carry no personal data, so "forget me" has nothing to erase here.
/// </summary>
public sealed class HandoffJournalStore(IConnectionMultiplexer redis, IOptions<StateOptions> options)
{
    // NX: the lifetime runs from the first step, so a late step cannot keep a journal alive for ever.
    private static readonly LuaScript AppendScript = LuaScript.Prepare("""
        if redis.call('LLEN', @key) >= tonumber(@max) then return 0 end
        redis.call('RPUSH', @key, @step)
        redis.call('PEXPIRE', @key, @lifetimeMs, 'NX')
        return 1
        """);

    private readonly StateOptions _options = options.Value;

    public async Task AppendAsync(IReadOnlyList<HandoffStep> steps)
    {
        var database = redis.GetDatabase();
        var writes = steps.Select(step => database.ScriptEvaluateAsync(AppendScript, new
        {
            key = (RedisKey)RedisKeys.Journal(step.Reference),
            step = JsonSerializer.Serialize(step, ContractsJson.Default.HandoffStep),
            max = _options.MaxJournalSteps,
            lifetimeMs = (long)_options.JournalLifetime.TotalMilliseconds,
        }));
        await Task.WhenAll(writes);
    }

    /// <summary>Null when the journal is unknown or has expired.</summary>
    public async Task<HandoffJournal?> GetAsync(string reference)
    {
        var entries = await redis.GetDatabase().ListRangeAsync(RedisKeys.Journal(reference));
        if (entries.Length == 0)
        {
            return null;
        }

        var steps = entries
            .Select(entry => JsonSerializer.Deserialize((string)entry!, ContractsJson.Default.HandoffStep)!)
            .OrderBy(step => step.At)
            .ToList();
        return new HandoffJournal(reference, steps);
    }

    /// <summary>The first vote for a handoff counts; later ones (a double click, a second device) do not.</summary>
    public Task<bool> RecordFeedbackAsync(string reference, string vote) =>
        redis.GetDatabase().StringSetAsync(RedisKeys.JournalFeedback(reference), vote, _options.JournalLifetime, When.NotExists);
}
