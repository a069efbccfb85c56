using System.Text.Json;
using Handoff.Contracts.State;

namespace Handoff.BotGateway.Handoff.Initiation;

/// <summary>
/// One result of a search: the task its card shows and the chat continues (id, title, description, steps), and the
/// app's own data for it (a ticket id, an order), carried sealed in the handoff context to the resumed conversation.
/// </summary>
/// <param name="AppPayload">Any JSON value of at most <see cref="AppPayloadLimits.MaxBytes"/>; a larger one is a bug of the search, and its result is left out.</param>
public sealed record HandoffSearchResult(TaskItem Item, JsonElement? AppPayload = null);
