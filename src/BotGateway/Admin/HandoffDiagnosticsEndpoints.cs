using Handoff.BotGateway.BotFramework;
using Handoff.Contracts.Clients;
using Handoff.Contracts.Diagnostics;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Admin;

/// <summary>
/// <c>GET /admin/handoffs/{reference}</c>: what happened to the handoff a user quoted ("Ref: H7K2M-9QXDA"), step by
/// step, from every replica and service, as the journal in ConversationState holds it for a day. No personal
/// data: steps, times, services, reasons, connector statuses and trace ids. Admin key required; off outside
/// Development unless <c>Admin:HandoffDiagnostics</c> is true.
/// </summary>
public static class HandoffDiagnosticsEndpoints
{
    public static IEndpointRouteBuilder MapHandoffDiagnostics(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/handoffs/{reference}", GetAsync);
        return app;
    }

    private static async Task<IResult> GetAsync(string reference, HttpRequest request, IOptions<AdminOptions> options, IHostEnvironment environment,
        ConversationStateClient state, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var admin = options.Value;
        if (string.IsNullOrEmpty(admin.ApiKey) || !(admin.HandoffDiagnostics ?? environment.IsDevelopment()))
        {
            return Results.NotFound();
        }

        var logger = loggers.CreateLogger(typeof(HandoffDiagnosticsEndpoints));
        if (AdminApiKey.Refusal(request, admin.ApiKey, logger) is { } refusal)
        {
            return refusal;
        }

        if (!HandoffReference.TryNormalise(reference, out var normalised))
        {
            return BotErrors.BadRequest("A handoff reference is ten letters and digits, like H7K2M-9QXDA (as the user's message shows it after 'Ref:').");
        }

        HandoffJournal? journal;
        try
        {
            journal = await state.GetJournalAsync(normalised, cancellationToken);
        }
        catch (ConversationStateException exception) when (exception.IsTransient)
        {
            return BotErrors.ServiceUnavailable("The state service is unavailable; try again shortly.");
        }

        logger.LogInformation("An admin looked up handoff ref {Reference}: {Found}", normalised, journal is null ? "unknown" : $"{journal.Steps.Count} steps");
        return journal is null
            ? BotErrors.Error(StatusCodes.Status404NotFound, "NotFound",
                $"Nothing is known of handoff {normalised}: no step was recorded for it in the last day (the journal keeps {Lifetime}), or the reference was mistyped.")
            : Results.Json(new HandoffDiagnosticsReport(journal.Reference,
                journal.Steps.Select(step => new HandoffDiagnosticsStep(step.At, step.Service, step.Step, step.Detail, step.TraceId)).ToList()));
    }

    private const string Lifetime = "State:JournalLifetime, 24 h by default";
}

/// <summary>The answer of <c>GET /admin/handoffs/{reference}</c>.</summary>
public sealed record HandoffDiagnosticsReport(string Reference, IReadOnlyList<HandoffDiagnosticsStep> Steps);

/// <summary>One step: when, which service, what, a fact without personal data, and the trace to open on the dashboard.</summary>
public sealed record HandoffDiagnosticsStep(DateTimeOffset At, string Service, string Step, string? Detail, string? TraceId);
