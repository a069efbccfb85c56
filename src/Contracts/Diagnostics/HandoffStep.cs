namespace Handoff.Contracts.Diagnostics;

/// <summary>
/// One thing that happened to a handoff, as the diagnostics journal keeps it: never request text or user
/// ids, only what happened, where, when, and the trace it happened in.
/// </summary>
/// <param name="Step">One of <see cref="HandoffSteps"/>.</param>
/// <param name="Detail">A short fact without personal data: "4 cards", "reason expired", "connector answered 401".</param>
public sealed record HandoffStep(
    string Reference,
    string Step,
    string Service,
    DateTimeOffset At,
    string? Detail = null,
    string? TraceId = null,
    string? SpanId = null);

/// <summary>ConversationState API: steps to append to their handoffs' journals.</summary>
public sealed record RecordHandoffStepsRequest(IReadOnlyList<HandoffStep> Steps);

/// <summary>ConversationState API: a handoff's journal, oldest step first.</summary>
public sealed record HandoffJournal(string Reference, IReadOnlyList<HandoffStep> Steps);

/// <summary>ConversationState API: a user's 👍/👎 on a handoff.</summary>
public sealed record FeedbackVoteRequest(string Vote);

/// <summary>Whether the vote was the first for its handoff (and so counts).</summary>
public sealed record FeedbackVoteResponse(bool Counted);
