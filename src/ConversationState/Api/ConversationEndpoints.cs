using Handoff.ConversationState.Authentication;
using Handoff.Contracts.State;
using Handoff.ConversationState.Conversations;
using Handoff.ConversationState.Privacy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Handoff.ConversationState.Api;

public static class ConversationEndpoints
{
    public static IEndpointRouteBuilder MapConversationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/conversations/{conversationId}/turns", RecordTurnAsync).RequireAuthorization(CallerPolicies.Gateway);
        app.MapPost("/conversations/{conversationId}/replies", RecordReplyAsync).RequireAuthorization(CallerPolicies.Gateway);
        app.MapPost("/conversations/{conversationId}/active-task/advance", AdvanceAsync).RequireAuthorization(CallerPolicies.Gateway);
        app.MapPost("/conversations/{conversationId}/active-task/switch", SwitchAsync).RequireAuthorization(CallerPolicies.Gateway);
        app.MapPost("/conversations/{conversationId}/typing", ClaimTypingAsync).RequireAuthorization(CallerPolicies.Gateway);
        return app;
    }

    /// <summary>Whether a click still waiting for its outcome should show a typing indicator (<see cref="TypingClaimResponse"/>).</summary>
    private static async Task<Results<Ok<TypingClaimResponse>, ValidationProblem>> ClaimTypingAsync(string conversationId, ConversationStore store)
    {
        var errors = RequestValidation.ValidateConversationId(conversationId);
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : TypedResults.Ok(new TypingClaimResponse(await store.ClaimTypingAsync(conversationId)));
    }

    /// <summary>
    /// Records the user's turn and answers with the conversation as it stands and the user's history in it before this
    /// turn, in one round trip.
    /// </summary>
    private static async Task<Results<Ok<ConversationSnapshot>, ValidationProblem>> RecordTurnAsync(
        string conversationId, RecordTurnRequest request, ConversationStore store, UserErasure users, IOptions<StateOptions> options)
    {
        var errors = RequestValidation.Validate(conversationId, request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var snapshot = store.RecordTurnAsync(conversationId, request.UserAadObjectId, request.TenantId, request.Text);
        var tracked = users.TrackConversationAsync(request.UserAadObjectId, request.TenantId, conversationId, options.Value.ConversationLifetime);
        await Task.WhenAll(snapshot, tracked);
        return TypedResults.Ok(await snapshot);
    }

    /// <summary>Records the bot's answer in the user's history, after their turn.</summary>
    private static async Task<Results<NoContent, ValidationProblem>> RecordReplyAsync(
        string conversationId, RecordReplyRequest request, ConversationStore store, UserErasure users, IOptions<StateOptions> options)
    {
        var errors = RequestValidation.Validate(conversationId, request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // Tracked as a turn is: "forget me" must find a history that holds only replies.
        await Task.WhenAll(
            store.RecordReplyAsync(conversationId, request.UserAadObjectId, request.TenantId, request.Text),
            users.TrackConversationAsync(request.UserAadObjectId, request.TenantId, conversationId, options.Value.ConversationLifetime));
        return TypedResults.NoContent();
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
        var snapshot = await store.GetAsync(conversationId);
        return result switch
        {
            AdvanceResult.Advanced => TypedResults.Ok(snapshot),
            AdvanceResult.StepChanged => TypedResults.Conflict(snapshot),
            _ => TypedResults.NotFound(new ProblemDetailsBody("The conversation has no active task.")),
        };
    }

    private static async Task<Results<Ok<ConversationSnapshot>, NotFound<ProblemDetailsBody>, ValidationProblem>> SwitchAsync(
        string conversationId, ConversationStore store)
    {
        var errors = RequestValidation.ValidateConversationId(conversationId);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return await store.SwitchToPreviousAsync(conversationId)
            ? TypedResults.Ok(await store.GetAsync(conversationId))
            : TypedResults.NotFound(new ProblemDetailsBody("The conversation has no previous task."));
    }
}

public sealed record ProblemDetailsBody(string Detail);
