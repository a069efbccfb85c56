using System.Text.Json;
using Handoff.BotGateway.Handoff.Initiation;
using Handoff.Contracts.State;

namespace Handoff.BotGateway.Tests.Extensibility;

/// <summary>
/// A team's own search as a test writes one: two orders, each result carrying <c>{ "orderId": … }</c>. Asked for
/// "oversize", its first result's payload is over the limit: the team's bug the gateway must contain; asked for
/// "down" (or result "O-DOWN"), it throws as a search whose own service is down does.
/// </summary>
internal sealed class OrderSearch : IHandoffSearch
{
    public const string Oversize = "oversize";

    public const string Down = "down";

    public static readonly HandoffSearchResult First = Order("O-1001", "Order O-1001: 40 chairs");

    public static readonly HandoffSearchResult Second = Order("O-1002", "Order O-1002: 2 projectors");

    public Task<IReadOnlyList<HandoffSearchResult>> SearchAsync(HandoffSearchQuery query, CancellationToken cancellationToken) => query.RequestText switch
    {
        Down => throw new HttpRequestException("The order service is down."),
        Oversize => Task.FromResult<IReadOnlyList<HandoffSearchResult>>([First with { AppPayload = PayloadOfBytes(AppPayloadLimits.MaxBytes + 1) }, Second]),
        _ => Task.FromResult<IReadOnlyList<HandoffSearchResult>>([First, Second]),
    };

    public Task<HandoffSearchResult?> FindAsync(string resultId, HandoffSearchQuery query, CancellationToken cancellationToken) => resultId == "O-DOWN"
        ? throw new HttpRequestException("The order service is down.")
        : Task.FromResult(new[] { First, Second }.FirstOrDefault(result => result.Item.Id == resultId));

    /// <summary>A JSON object whose compact UTF-8 form is exactly <paramref name="bytes"/> long.</summary>
    public static JsonElement PayloadOfBytes(int bytes)
    {
        // {"notes":"…"} is 12 bytes around the string.
        return JsonSerializer.SerializeToElement(new { notes = new string('x', bytes - 12) });
    }

    private static HandoffSearchResult Order(string id, string title) =>
        new(new TaskItem(id, title, "Awaiting delivery.", ["Check the delivery date.", "Confirm the address."]),
            JsonSerializer.SerializeToElement(new { orderId = id }));
}
