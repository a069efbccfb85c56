using Handoff.Contracts.State;

namespace Handoff.ConversationState.Contexts;

/// <summary>
/// A redeemed context, and the record it was sealed in when minted. The conversation keeps that same record, so a
/// replayed redemption is recognised by comparing records in Redis, without opening them there.
/// </summary>
public sealed record RedeemedContext(HandoffContext Context, string Sealed);
