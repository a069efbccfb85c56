using System.Text.Json;
using Handoff.Contracts.Privacy;

namespace Handoff.Contracts.State;

/// <summary>
/// What the user was doing in Copilot, stored (encrypted) until the continuation token is redeemed. Classified for
/// redaction. <paramref name="AppPayload"/> is the app's own data for the task (a ticket id, an order), a JSON value of at
/// most <see cref="AppPayloadLimits.MaxBytes"/>, carried from the search result to the resumed conversation.
/// </summary>
public sealed record HandoffContext(
    [property: UserContent] string RequestText,
    string CommandId,
    [property: UserContent] TaskItem Item,
    [property: UserIdentifier] string UserAadObjectId,
    [property: UserIdentifier] string TenantId,
    string Locale,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    [property: UserContent] JsonElement? AppPayload = null);
