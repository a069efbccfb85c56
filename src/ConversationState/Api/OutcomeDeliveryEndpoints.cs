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

    private static async Task<Results<Ok<DeliveryClaimResponse>, ValidationProblem>> ClaimAsync(string deliveryId, OutcomeDeliveryStore store)
    {
        var errors = RequestValidation.ValidateId("deliveryId", deliveryId);
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : TypedResults.Ok(new DeliveryClaimResponse(await store.ClaimAsync(deliveryId)));
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
