using Handoff.ConversationState.Authentication;
using System.Text.Json;
using Handoff.Contracts;
using Handoff.Contracts.State;
using Handoff.ConversationState.Contexts;
using Handoff.ConversationState.Conversations;
using Handoff.ConversationState.Privacy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Handoff.ConversationState.Api;

public static class HandoffContextEndpoints
{
    public static IEndpointRouteBuilder MapHandoffContextEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/handoff-contexts", StoreAsync).RequireAuthorization(CallerPolicies.Gateway);
        // HandoffService redeems; the gateway too, when RabbitMQ cannot take the click (BrokerlessRedemption).
        app.MapPost("/handoff-tokens/redeem", RedeemAsync).RequireAuthorization(CallerPolicies.GatewayOrHandoffService);
        return app;
    }

    private static async Task<Results<Ok<StoreContextsResponse>, ValidationProblem>> StoreAsync(
        StoreContextsRequest request, HandoffContextStore store, IOptions<StateOptions> options)
    {
        var errors = RequestValidation.Validate(request, options.Value);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var tokens = await store.StoreAsync(request.Contexts);
        return TypedResults.Ok(new StoreContextsResponse(tokens));
    }

    /// <summary>
    /// Redeems the token and makes its context the conversation's active task. A rejection is a normal
    /// answer (200 with a reason), not an error: the caller tells the user what to do next.
    /// </summary>
    private static async Task<Results<Ok<RedeemTokenResponse>, ValidationProblem>> RedeemAsync(
        RedeemTokenRequest request, HandoffContextStore contexts, ConversationStore conversations, UserErasure users, IOptions<StateOptions> options, TimeProvider time)
    {
        var errors = RequestValidation.Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var outcome = await contexts.RedeemAsync(request.Token, request.UserAadObjectId, request.TenantId, request.RedemptionId);
        if (outcome.EarlierTokenHash is { } tokenHash
            && (await conversations.StandingAsync(request.ConversationId, tokenHash)
                ?? (outcome.EarlierContext is { } gone ? new EarlierRedemption(gone, EarlierTaskStanding.NotHere, 0, Notify: false) : null)) is { } standing)
        {
            // Within the window of the redemption itself, a re-click is one of the same burst (a double click, a re-sent
            // invoke, a second window): the welcome, sent or on its way, says it all. The time comes from the record
            // written by the same script that consumed the token, so no burst can slip a notice in before the welcome.
            var window = options.Value.AlreadyContinuingNoticeWindow;
            var mayNotify = time.GetUtcNow() - outcome.EarlierRedeemedAt >= window;
            var notify = await conversations.RecordRedemptionAsync(request.ConversationId, mayNotify ? RedemptionKind.Earlier : RedemptionKind.Rejected) && mayNotify;
            return TypedResults.Ok(new RedeemTokenResponse(null, outcome.Rejection, standing with { Notify = notify, RedemptionId = outcome.EarlierRedemptionId }));
        }

        // A rejection, or an earlier redemption whose task neither this conversation nor the tombstone holds any more:
        // plain "already used".
        if (outcome.Redeemed is not { } redeemed)
        {
            await conversations.RecordRedemptionAsync(request.ConversationId, RedemptionKind.Rejected);
            return TypedResults.Ok(new RedeemTokenResponse(null, outcome.Rejection));
        }

        // The conversation and the user's index live in different Cluster slots: sent together, one round trip.
        var task = conversations.ActivateAsync(request.ConversationId, redeemed);
        var tracked = users.TrackConversationAsync(request.UserAadObjectId, request.TenantId, request.ConversationId, options.Value.ConversationLifetime);
        await Task.WhenAll(task, tracked);
        return TypedResults.Ok(new RedeemTokenResponse(await task, null));
    }
}
