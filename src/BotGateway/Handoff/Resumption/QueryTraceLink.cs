using System.Diagnostics;
using Handoff.Contracts.Clients;
using Handoff.Contracts.Diagnostics;

namespace Handoff.BotGateway.Handoff.Resumption;

/// <summary>
/// Links a click's span to the trace of the Copilot query that minted its card: they are two HTTP requests from
/// Teams, minutes apart, in two traces. The query's trace is in the handoff's journal; the lookup runs beside the
/// publish and gets <see cref="Budget"/>: a click is never held up for a link.
/// </summary>
public sealed class QueryTraceLink(ConversationStateClient state)
{
    public static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(250);

    public async Task<ActivityContext?> FindAsync(string reference)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            var journal = await state.GetJournalAsync(reference, timeout.Token);
            var query = journal?.Steps.FirstOrDefault(step => step.Step == HandoffSteps.QueryAnswered && step.TraceId is { Length: 32 } && step.SpanId is { Length: 16 });
            return query is null
                ? null
                : new ActivityContext(ActivityTraceId.CreateFromString(query.TraceId), ActivitySpanId.CreateFromString(query.SpanId), ActivityTraceFlags.Recorded, isRemote: true);
        }
        catch (Exception exception) when (exception is ConversationStateException or OperationCanceledException or ArgumentOutOfRangeException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Adds the link to <paramref name="activity"/> if the lookup has answered within the budget.</summary>
    public static async Task AddAsync(Activity? activity, Task<ActivityContext?> lookup)
    {
        if (activity is null)
        {
            return;
        }

        try
        {
            if (await lookup.WaitAsync(Budget) is { } query)
            {
                activity.AddLink(new ActivityLink(query, new ActivityTagsCollection { ["handoff.link"] = "copilot_query" }));
            }
        }
        catch (TimeoutException)
        {
        }
    }
}
