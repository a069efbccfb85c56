using Handoff.ConversationState.Authentication;
using Handoff.Contracts.State;
using Handoff.ConversationState.Privacy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Handoff.ConversationState.Api;

public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/users/{tenantId}/{userAadObjectId}", EraseAsync).RequireAuthorization(CallerPolicies.Gateway);
        return app;
    }

    /// <summary>"Forget me": the caller says who asked (<c>requestedBy</c>: the user themselves, or an admin), for the audit.</summary>
    private static async Task<Results<Ok<ForgetUserResponse>, ValidationProblem>> EraseAsync(
        string tenantId, string userAadObjectId, [FromQuery] string? requestedBy, UserErasure erasure)
    {
        var errors = RequestValidation.ValidateId("tenantId", tenantId)
            .Concat(RequestValidation.ValidateId("userAadObjectId", userAadObjectId))
            .Concat(RequestValidation.ValidateId("requestedBy", requestedBy ?? ""))
            .ToDictionary();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(new ForgetUserResponse(await erasure.EraseAsync(userAadObjectId, tenantId, requestedBy!)));
    }
}
