using Handoff.ConversationState.Authentication;
using Handoff.Contracts.Diagnostics;
using Handoff.ConversationState.Journal;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Handoff.ConversationState.Api;

/// <summary>The handoff diagnostics journal: services append steps, the gateway's admin endpoint reads them.</summary>
public static class HandoffJournalEndpoints
{
    private const int MaxStepsPerRequest = 25;
    private const int MaxTextLength = 200;

    public static IEndpointRouteBuilder MapHandoffJournalEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/handoff-journal", AppendAsync).RequireAuthorization(CallerPolicies.GatewayOrHandoffService);
        app.MapGet("/handoff-journal/{reference}", GetAsync).RequireAuthorization(CallerPolicies.Gateway);
        app.MapPost("/handoff-journal/{reference}/feedback", RecordFeedbackAsync).RequireAuthorization(CallerPolicies.Gateway);
        return app;
    }

    private static async Task<Results<NoContent, ValidationProblem>> AppendAsync(RecordHandoffStepsRequest request, HandoffJournalStore journal)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        await journal.AppendAsync(request.Steps.Select(step =>
        {
            HandoffReference.TryNormalise(step.Reference, out var reference);
            return step with { Reference = reference! };
        }).ToList());
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<HandoffJournal>, NotFound<ProblemDetailsBody>, ValidationProblem>> GetAsync(string reference, HandoffJournalStore journal)
    {
        if (!HandoffReference.TryNormalise(reference, out var normalised))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reference"] = [ReferenceRule] });
        }

        return await journal.GetAsync(normalised) is { } found
            ? TypedResults.Ok(found)
            : TypedResults.NotFound(new ProblemDetailsBody($"Nothing is known of handoff {normalised}: it never happened, or it is older than the journal keeps."));
    }

    private static async Task<Results<Ok<FeedbackVoteResponse>, ValidationProblem>> RecordFeedbackAsync(string reference, FeedbackVoteRequest request, HandoffJournalStore journal)
    {
        var errors = new Dictionary<string, string[]>();
        if (!HandoffReference.TryNormalise(reference, out var normalised))
        {
            errors["reference"] = [ReferenceRule];
        }

        if (request.Vote is not ("up" or "down"))
        {
            errors["vote"] = ["Must be 'up' or 'down'."];
        }

        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors)
            : TypedResults.Ok(new FeedbackVoteResponse(await journal.RecordFeedbackAsync(normalised!, request.Vote)));
    }

    private const string ReferenceRule = "A handoff reference is ten letters and digits, like H7K2M-9QXDA.";

    private static Dictionary<string, string[]> Validate(RecordHandoffStepsRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request?.Steps is not { Count: > 0 and <= MaxStepsPerRequest } steps)
        {
            errors["steps"] = [$"Between 1 and {MaxStepsPerRequest} steps are required."];
            return errors;
        }

        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (step is null)
            {
                errors[$"steps[{i}]"] = ["A step is required."];
                continue;
            }

            if (!HandoffReference.TryNormalise(step.Reference, out _))
            {
                errors[$"steps[{i}].reference"] = [ReferenceRule];
            }

            foreach (var (field, value, required) in new[]
                     {
                         ("step", step.Step, true), ("service", step.Service, true), ("detail", step.Detail, false),
                         ("traceId", step.TraceId, false), ("spanId", step.SpanId, false),
                     })
            {
                if (required && string.IsNullOrWhiteSpace(value))
                {
                    errors[$"steps[{i}].{field}"] = ["Required."];
                }
                else if (value is { Length: > MaxTextLength })
                {
                    errors[$"steps[{i}].{field}"] = [$"At most {MaxTextLength} characters."];
                }
            }
        }

        return errors;
    }
}
