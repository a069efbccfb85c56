using System.Text.Json;
using System.Text.Json.Serialization;
using Handoff.Contracts.Diagnostics;
using Handoff.Contracts.State;

namespace Handoff.Contracts;

/// <summary>Source-generated JSON for the ConversationState API, which sits on every handoff's hot path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(StoreContextsRequest))]
[JsonSerializable(typeof(StoreContextsResponse))]
[JsonSerializable(typeof(HandoffContextDraft))]
[JsonSerializable(typeof(RedeemTokenRequest))]
[JsonSerializable(typeof(RedeemTokenResponse))]
[JsonSerializable(typeof(ConversationSnapshot))]
[JsonSerializable(typeof(AdvanceStepRequest))]
[JsonSerializable(typeof(RecordTurnRequest))]
[JsonSerializable(typeof(RecordReplyRequest))]
[JsonSerializable(typeof(ConversationMessage))]
[JsonSerializable(typeof(ForgetUserResponse))]
[JsonSerializable(typeof(HandoffContext))]
[JsonSerializable(typeof(ActiveTask))]
[JsonSerializable(typeof(DeliveryClaimResponse))]
[JsonSerializable(typeof(ClaimDeliveryRequest))]
[JsonSerializable(typeof(RecordHandoffStepsRequest))]
[JsonSerializable(typeof(HandoffJournal))]
[JsonSerializable(typeof(HandoffStep))]
[JsonSerializable(typeof(FeedbackVoteRequest))]
[JsonSerializable(typeof(FeedbackVoteResponse))]
[JsonSerializable(typeof(TypingClaimResponse))]
public sealed partial class ContractsJson : JsonSerializerContext;
