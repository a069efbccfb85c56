using Handoff.Contracts.State;
using Handoff.ConversationState.Conversations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Handoff.ConversationState.Api;

public static class ConversationEndpoints
{
    public static IEndpointRouteBuilder MapConversationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/conversations/{conversationId}", GetAsync);
        app.MapPost("/conversations/{conversationId}/active-task/advance", AdvanceAsync);
        return app;
    }

    private static async Task<Results<Ok<ConversationSnapshot>, ValidationProblem>> GetAsync(
        string conversationId, ConversationStore store)
    {
        var errors = RequestValidation.ValidateConversationId(conversationId);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(new ConversationSnapshot(conversationId, await store.GetAsync(conversationId)));
    }

    private static async Task<Results<Ok<ConversationSnapshot>, NotFound<ProblemDetailsBody>, Conflict<ConversationSnapshot>, ValidationProblem>> AdvanceAsync(
        string conversationId, AdvanceStepRequest request, ConversationStore store)
    {
        var errors = RequestValidation.ValidateConversationId(conversationId);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var result = await store.AdvanceAsync(conversationId, request.ExpectedStepIndex);
        var snapshot = new ConversationSnapshot(conversationId, await store.GetAsync(conversationId));
        return result switch
        {
            AdvanceResult.Advanced => TypedResults.Ok(snapshot),
            AdvanceResult.StepChanged => TypedResults.Conflict(snapshot),
            _ => TypedResults.NotFound(new ProblemDetailsBody("The conversation has no active task.")),
        };
    }
}

public sealed record ProblemDetailsBody(string Detail);
