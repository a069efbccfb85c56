using System.Collections.Concurrent;
using Handoff.Contracts;
using Handoff.Contracts.State;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Handoff.BotGateway.Tests.Delivery;

/// <summary>
/// ConversationState's delivery claims on loopback, held in memory with the same rules as the real store (claimed,
/// in progress, sent), and a redemption that restores one task, counting every call the gateway makes; it can be
/// made to answer 503 as when Redis is away, or to hold claims unanswered as while Redis fails over.
/// The real store is tested on Redis in ConversationState.Tests.
/// </summary>
internal sealed class StateServiceStandIn : IAsyncDisposable
{
    // "sent", or a lease: "sending", or "sending:" and its holder.
    private readonly ConcurrentDictionary<string, string> _deliveries = new(StringComparer.Ordinal);
    private readonly Lock _claiming = new();
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<TaskOfRedemption, ActiveTask> _tasks = new();
    private readonly ConcurrentDictionary<TaskOfRedemption, EarlierRedemption> _earlier = new();
    private WebApplication _app = null!;
    private TaskCompletionSource? _claimsHeld;
    private TaskCompletionSource? _nextClaimGranted;
    private int _claimsAbandoned;

    public Uri Url { get; private set; } = null!;

    /// <summary>While true, every delivery call is answered 503.</summary>
    public bool Unavailable { get; set; }

    /// <summary>Delivery ids marked sent, by the claim's piggy-backed marks or a call of their own.</summary>
    public IEnumerable<string> Sent => _deliveries.Where(entry => entry.Value == "sent").Select(entry => entry.Key);

    /// <summary>Calls by kind: <c>claim</c>, <c>complete</c>, <c>renew</c>, <c>release</c>, <c>redeem</c>.</summary>
    public int Calls(string kind) => _calls.GetValueOrDefault(kind);

    public int DeliveryCalls => Calls("claim") + Calls("complete") + Calls("renew") + Calls("release");

    /// <summary>Claims the caller gave up on while <see cref="HoldClaims"/> kept them waiting.</summary>
    public int ClaimsAbandoned => _claimsAbandoned;

    /// <summary>What a redemption answers: the task restored, as when the token was valid and the user's own.</summary>
    public RedeemTokenResponse Redemption { get; set; } = new(new ActiveTask(new HandoffContext("plan the offsite", "continueInChat",
        new TaskItem("offsite", "Plan a team offsite", "d", ["Poll dates", "Book"]), "aad-user", "tenant-1", "en-US",
        DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(10)), 0, DateTimeOffset.UtcNow), null);

    /// <summary>
    /// As a redemption would have made <paramref name="task"/> the conversation's active one: a welcome's claim for that
    /// handoff gets it, as from the real store. A redemption through <c>/handoff-tokens/redeem</c> does this itself.
    /// </summary>
    public void Activate(string conversationId, Guid correlationId, ActiveTask task) =>
        _tasks[new TaskOfRedemption(conversationId, RedeemTokenRequest.RedemptionIdOf(correlationId))] = task;

    /// <summary>As if redemption <paramref name="redemptionId"/> had left its task in the conversation where <paramref name="earlier"/> says: an "already continuing" notice's claim gets it.</summary>
    public void Keep(string conversationId, string redemptionId, EarlierRedemption earlier) => _earlier[new TaskOfRedemption(conversationId, redemptionId)] = earlier;

    /// <summary>As if the user had said "forget me", or a newer handoff had replaced the task: a welcome's claim gets none.</summary>
    public void Forget(string conversationId)
    {
        _tasks.Keys.Where(key => key.ConversationId == conversationId).ToList().ForEach(key => _tasks.TryRemove(key, out _));
        _earlier.Keys.Where(key => key.ConversationId == conversationId).ToList().ForEach(key => _earlier.TryRemove(key, out _));
    }

    /// <summary>Claims wait, unanswered, until <see cref="ReleaseClaims"/>: as when Redis fails over under the state service.</summary>
    public void HoldClaims() => _claimsHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseClaims() => _claimsHeld?.TrySetResult();

    /// <summary>
    /// The next claim is granted, then its answer waits until the caller gives up: as when the state service answers
    /// after the caller's timeout. The task completes once it is granted.
    /// </summary>
    public Task LoseNextClaimsAnswer()
    {
        _nextClaimGranted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _nextClaimGranted.Task;
    }

    /// <summary>As if the sender holding it had sent it and marked it.</summary>
    public void MarkSent(string deliveryId) => _deliveries[deliveryId] = "sent";

    /// <summary>As if another sender had claimed it and were sending it now.</summary>
    public void Hold(string deliveryId) => _deliveries[deliveryId] = "sending";

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

                if (standIn._claimsHeld is { } held)
                {
                    try
                    {
                        await held.Task.WaitAsync(request.HttpContext.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                        Interlocked.Increment(ref standIn._claimsAbandoned);
                        return Results.Empty;
                    }
                }

                var body = request.HasJsonContentType() ? await request.ReadFromJsonAsync(ContractsJson.Default.ClaimDeliveryRequest) : null;
                foreach (var mark in body?.Sent ?? [])
                {
                    standIn._deliveries[mark] = "sent";
                }

                var holding = body?.Holder is { } holder ? $"sending:{holder}" : "sending";
                DeliveryClaim claim;
                lock (standIn._claiming)
                {
                    claim = standIn._deliveries.GetValueOrDefault(id) switch
                    {
                        "sent" => DeliveryClaim.AlreadySent,
                        null => DeliveryClaim.Claimed,
                        { } lease when body?.Holder is not null && lease == holding => DeliveryClaim.Claimed,
                        _ => DeliveryClaim.InProgress,
                    };
                    if (claim == DeliveryClaim.Claimed)
                    {
                        standIn._deliveries[id] = holding;
                    }
                }

                var claimed = claim == DeliveryClaim.Claimed;
                if (claimed && Interlocked.Exchange(ref standIn._nextClaimGranted, null) is { } granted)
                {
                    granted.TrySetResult();
                    await Task.Delay(Timeout.Infinite, request.HttpContext.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                    return Results.Empty;
                }

                var task = claimed && body?.TaskOf is { } taskOf ? standIn._tasks.GetValueOrDefault(taskOf) : null;
                var earlier = claimed && body?.EarlierOf is { } earlierOf ? standIn._earlier.GetValueOrDefault(earlierOf) : null;
                return Results.Json(new DeliveryClaimResponse(claim, task, earlier), ContractsJson.Default.DeliveryClaimResponse);
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
                return Results.NoContent();
            });
            app.MapPost("/handoff-journal", () => Results.NoContent());
            app.MapPost("/handoff-tokens/redeem", async (HttpRequest request) =>
            {
                if (standIn.Count("redeem"))
                {
                    return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
                }

                var redeem = (await request.ReadFromJsonAsync(ContractsJson.Default.RedeemTokenRequest))!;
                if (standIn.Redemption.Task is { } task)
                {
                    standIn._tasks[new TaskOfRedemption(redeem.ConversationId, redeem.RedemptionId)] = task;
                }

                return Results.Json(standIn.Redemption, ContractsJson.Default.RedeemTokenResponse);
            });
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
