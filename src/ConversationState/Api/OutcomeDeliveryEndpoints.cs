using Handoff.ConversationState.Authentication;
using Handoff.Contracts.State;
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

    /// <summary>Claims one delivery; the optional body marks the caller's earlier sends sent first (<see cref="ClaimDeliveryRequest"/>).</summary>
    private static async Task<Results<Ok<DeliveryClaimResponse>, ValidationProblem>> ClaimAsync(string deliveryId, ClaimDeliveryRequest? request, OutcomeDeliveryStore store)
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

        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : TypedResults.Ok(new DeliveryClaimResponse(await store.ClaimAsync(deliveryId, sent)));
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
