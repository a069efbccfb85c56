using Handoff.ConversationState.Authentication;
using Handoff.Contracts.State;
using Handoff.ConversationState.Conversations;
using Handoff.ConversationState.Deliveries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Handoff.ConversationState.Api;

public static class OutcomeDeliveryEndpoints
{
    public static IEndpointRouteBuilder MapOutcomeDeliveryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/outcome-deliveries/{deliveryId}/claim", ClaimAsync).RequireAuthorization(CallerPolicies.Gateway);
        app.MapPost("/outcome-deliveries/{deliveryId}/complete", CompleteAsync).RequireAuthorization(CallerPolicies.Gateway);
        app.MapPost("/outcome-deliveries/{deliveryId}/renew", RenewAsync).RequireAuthorization(CallerPolicies.Gateway);
        app.MapDelete("/outcome-deliveries/{deliveryId}", ReleaseAsync).RequireAuthorization(CallerPolicies.Gateway);
        return app;
    }

    /// <summary>
    /// Claims one delivery; the optional body marks the caller's earlier sends sent first, and for a welcome names the task
    /// the answer carries when claimed (<see cref="ClaimDeliveryRequest"/>). The task is read beside the claim, not after it,
    /// and decrypted only when the claim is granted.
    /// </summary>
    private static async Task<Results<Ok<DeliveryClaimResponse>, ValidationProblem>> ClaimAsync(string deliveryId, ClaimDeliveryRequest? request,
        OutcomeDeliveryStore store, ConversationStore conversations)
    {
        var sent = request?.Sent ?? [];
        var errors = RequestValidation.ValidateId("deliveryId", deliveryId);
        if (sent.Count > ClaimDeliveryRequest.MostSent)
        {
            errors["sent"] = [$"At most {ClaimDeliveryRequest.MostSent} deliveries per claim; got {sent.Count}."];
        }

        foreach (var (id, index) in sent.Select((id, index) => (id, index)))
        {
            foreach (var (field, messages) in RequestValidation.ValidateId($"sent[{index}]", id))
            {
                errors[field] = messages;
            }
        }

        if (request?.Holder is { } holder)
        {
            foreach (var (field, messages) in RequestValidation.ValidateId("holder", holder))
            {
                errors[field] = messages;
            }
        }

        foreach (var (name, taskOf) in new[] { ("taskOf", request?.TaskOf), ("earlierOf", request?.EarlierOf) })
        {
            if (taskOf is null)
            {
                continue;
            }

            foreach (var (field, messages) in RequestValidation.ValidateId($"{name}.conversationId", taskOf.ConversationId)
                         .Concat(RequestValidation.ValidateId($"{name}.redemptionId", taskOf.RedemptionId)))
            {
                errors[field] = messages;
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var claim = store.ClaimAsync(deliveryId, sent, request?.Holder);
        var task = request?.TaskOf is { } welcomed
            ? conversations.TaskRedeemedByAsync(welcomed.ConversationId, welcomed.RedemptionId)
            : Task.FromResult(Unopened<ActiveTask>.Nothing);
        var earlier = request?.EarlierOf is { } noticed
            ? conversations.StandingOfRedemptionAsync(noticed.ConversationId, noticed.RedemptionId)
            : Task.FromResult(Unopened<EarlierRedemption>.Nothing);
        await Task.WhenAll(claim, task, earlier);
        return TypedResults.Ok(await claim == DeliveryClaim.Claimed
            ? new DeliveryClaimResponse(DeliveryClaim.Claimed, (await task).Open(), (await earlier).Open())
            : new DeliveryClaimResponse(await claim));
    }

    private static async Task<Results<NoContent, ValidationProblem>> CompleteAsync(string deliveryId, OutcomeDeliveryStore store)
    {
        var errors = RequestValidation.ValidateId("deliveryId", deliveryId);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        await store.CompleteAsync(deliveryId);
        return TypedResults.NoContent();
    }

    /// <summary>204 while the claim is held and now extended; 409 when it is gone (expired or completed).</summary>
    private static async Task<Results<NoContent, Conflict<string>, ValidationProblem>> RenewAsync(string deliveryId, OutcomeDeliveryStore store)
    {
        var errors = RequestValidation.ValidateId("deliveryId", deliveryId);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return await store.RenewAsync(deliveryId) ? TypedResults.NoContent() : TypedResults.Conflict("No claim is being sent under this id.");
    }

    private static async Task<Results<NoContent, ValidationProblem>> ReleaseAsync(string deliveryId, OutcomeDeliveryStore store)
    {
        var errors = RequestValidation.ValidateId("deliveryId", deliveryId);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        await store.ReleaseAsync(deliveryId);
        return TypedResults.NoContent();
    }
}
