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
        app.MapPost("/handoff-contexts", StoreAsync);
        app.MapPost("/handoff-tokens/redeem", RedeemAsync);
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
        RedeemTokenRequest request, HandoffContextStore contexts, ConversationStore conversations, UserErasure users, IOptions<StateOptions> options)
    {
        var errors = RequestValidation.Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var outcome = await contexts.RedeemAsync(request.Token, request.UserAadObjectId, request.TenantId, request.RedemptionId);
        if (outcome.Context is null)
        {
            return TypedResults.Ok(new RedeemTokenResponse(null, outcome.Rejection));
        }

        var task = await conversations.ActivateAsync(request.ConversationId, outcome.Context);
        await users.TrackConversationAsync(request.UserAadObjectId, request.TenantId, request.ConversationId, options.Value.ConversationLifetime);
        return TypedResults.Ok(new RedeemTokenResponse(task, null));
    }
}
