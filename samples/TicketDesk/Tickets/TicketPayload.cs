using System.Text.Json;

namespace Handoff.Samples.TicketDesk.Tickets;

/// <summary>
/// The app payload each search result carries into its handoff context, <c>{ "ticketId": "T-123" }</c>: an id to look
/// the ticket up by, not the ticket, which may have changed by the time the user opens the chat.
/// </summary>
public sealed record TicketPayload(string TicketId)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public JsonElement ToJson() => JsonSerializer.SerializeToElement(this, JsonOptions);

    /// <summary>The ticket id in a handed-off context's payload; null when there is none (a handoff made before this bot).</summary>
    public static string? TicketIdIn(JsonElement? payload) =>
        payload is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("ticketId", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
}
