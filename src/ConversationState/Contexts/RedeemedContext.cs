using Handoff.Contracts.State;

namespace Handoff.ConversationState.Contexts;

/// <summary>
/// A redeemed context and the hash of the token it was redeemed with. The conversation keeps that hash beside the
/// task, so a replayed redemption is recognised in Redis without opening the task there.
/// </summary>
public sealed record RedeemedContext(HandoffContext Context, string TokenHash);
