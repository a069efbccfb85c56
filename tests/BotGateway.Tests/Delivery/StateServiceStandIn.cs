using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Handoff.Contracts.State;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Handoff.BotGateway.Tests.Delivery;

/// <summary>
/// ConversationState's delivery claims on loopback, held in memory with the same rules as the real store (claimed,
/// in progress, sent), counting every call the gateway makes; it can be made to answer 503 as when Redis is away.
/// The real store is tested on Redis in ConversationState.Tests.
/// </summary>
internal sealed class StateServiceStandIn : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> _deliveries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _claimed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private WebApplication _app = null!;

    public Uri Url { get; private set; } = null!;

    /// <summary>While true, every delivery call is answered 503.</summary>
    public bool Unavailable { get; set; }

    /// <summary>Delivery ids marked sent, by the claim's piggy-backed marks or a call of their own.</summary>
    public IEnumerable<string> Sent => _deliveries.Where(entry => entry.Value == "sent").Select(entry => entry.Key);

    /// <summary>Calls by kind: <c>claim</c>, <c>complete</c>, <c>renew</c>, <c>release</c>.</summary>
    public int Calls(string kind) => _calls.GetValueOrDefault(kind);

    public int DeliveryCalls => Calls("claim") + Calls("complete") + Calls("renew") + Calls("release");

    /// <summary>As if the sender holding it had sent it and marked it.</summary>
    public void MarkSent(string deliveryId) => _deliveries[deliveryId] = "sent";

    /// <summary>As if another sender had claimed it and were sending it now.</summary>
    public void Hold(string deliveryId)
    {
        _deliveries[deliveryId] = "sending";
        _claimed[deliveryId] = true;
    }

    public static async Task<StateServiceStandIn> StartAsync()
    {
        var standIn = new StateServiceStandIn();
        (standIn._app, standIn.Url) = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/outcome-deliveries/{id}/claim", async (string id, HttpRequest request) =>
            {
                if (standIn.Count("claim"))
                {
                    return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
                }

                if (request.HasJsonContentType() && (await JsonNode.ParseAsync(request.Body))?["sent"] is JsonArray sent)
                {
                    foreach (var mark in sent)
                    {
                        standIn._deliveries[(string)mark!] = "sent";
                    }
                }

                var claim = standIn._deliveries.GetOrAdd(id, "sending") switch
                {
                    "sent" => DeliveryClaim.AlreadySent,
                    _ when standIn._claimed.TryAdd(id, true) => DeliveryClaim.Claimed,
                    _ => DeliveryClaim.InProgress,
                };
                return Results.Json(new DeliveryClaimResponse(claim));
            });
            app.MapPost("/outcome-deliveries/{id}/complete", (string id) =>
            {
                if (standIn.Count("complete"))
                {
                    return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
                }

                standIn._deliveries[id] = "sent";
                return Results.NoContent();
            });
            app.MapPost("/outcome-deliveries/{id}/renew", (string id) =>
                standIn.Count("renew") ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable) : Results.NoContent());
            app.MapDelete("/outcome-deliveries/{id}", (string id) =>
            {
                if (standIn.Count("release"))
                {
                    return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
                }

                standIn._deliveries.TryRemove(id, out _);
                standIn._claimed.TryRemove(id, out _);
                return Results.NoContent();
            });
            app.MapPost("/handoff-journal", () => Results.NoContent());
        });
        return standIn;
    }

    /// <returns>Whether to answer 503.</returns>
    private bool Count(string kind)
    {
        _calls.AddOrUpdate(kind, 1, (_, count) => count + 1);
        return Unavailable;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
