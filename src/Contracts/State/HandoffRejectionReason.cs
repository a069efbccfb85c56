using System.Text.Json.Serialization;

namespace Handoff.Contracts.State;

/// <summary>Why a continuation token did not yield a context. Each code has a user message and a metric tag.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HandoffRejectionReason>))]
public enum HandoffRejectionReason
{
    Unknown,
    Expired,
    AlreadyUsed,
    NotYours,
    TenantNotAllowed,
    ContextTooLarge,
    StateUnavailable,
}
