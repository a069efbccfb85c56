using System.Text.Json;
using Handoff.Contracts.Privacy;

namespace Handoff.Contracts.State;

/// <summary>ConversationState API: store one context per result card and mint a token for each.</summary>
public sealed record StoreContextsRequest(IReadOnlyList<HandoffContextDraft> Contexts);

/// <summary>A context before it is stored: ConversationState sets the creation and expiry times.</summary>
public sealed record HandoffContextDraft(
    string RequestText,
    string CommandId,
    TaskItem Item,
    string UserAadObjectId,
    string TenantId,
    string Locale,
    [property: UserContent] JsonElement? AppPayload = null);

public sealed record StoreContextsResponse(IReadOnlyList<MintedToken> Tokens);

public sealed record MintedToken(string Token, DateTimeOffset ExpiresAt);
