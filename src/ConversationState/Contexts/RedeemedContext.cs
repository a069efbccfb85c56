using Handoff.Contracts.State;

namespace Handoff.ConversationState.Contexts;

/// <summary>
/// A redeemed context, the hash of the token it was redeemed with and the redemption's id. The conversation keeps both
/// beside the task: the hash so a replayed redemption is recognised in Redis without opening the task there, the id so
/// the welcome's claim finds the task this redemption made active.
/// </summary>
public sealed record RedeemedContext(HandoffContext Context, string TokenHash, string RedemptionId);
