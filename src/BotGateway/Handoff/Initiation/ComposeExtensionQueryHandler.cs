using Handoff.BotGateway.BotFramework;
using Handoff.BotGateway.BotFramework.Activities;
using System.Net;
using Handoff.BotGateway.BotFramework.Authentication;
using Handoff.BotGateway.Handoff.Policy;
using Handoff.BotGateway.Observability;
using Handoff.BotGateway.Handoff.Resumption;
using Handoff.Contracts.Clients;
using Handoff.Contracts.Diagnostics;
using Handoff.Contracts.State;
using Handoff.Contracts.Teams;
using Handoff.ServiceDefaults.Diagnostics;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Handoff.Initiation;

/// <summary>
/// Copilot's call (<c>composeExtension/query</c>): store one context per result card, mint a token for each,
/// and answer with cards whose button is the handoff deep link. The first card always continues the
/// user's own request.
/// </summary>
public sealed class ComposeExtensionQueryHandler(
    ConversationStateClient state,
    TaskCatalogue catalogue,
    TenantPolicy tenants,
    IOptions<BotIdentityOptions> identity,
    HandoffMetrics metrics,
    HandoffJournalWriter journal,
    ILogger<ComposeExtensionQueryHandler> logger)
{
    public const string InvokeName = "composeExtension/query";

    public const string TooManyOpenHandoffs =
        "You have many Copilot handoffs waiting that you haven't opened. Open one of them, or try again once the older ones expire in a few minutes.";

    public const string TooManyTenantHandoffs =
        "Your organisation has reached its limit of Copilot handoffs for now. Please try again later; if it keeps happening, tell your admin.";

    public async Task<IResult> HandleAsync(IncomingActivity activity, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        if (!ComposeExtensionQuery.TryRead(activity.Value, out var query, out var error))
        {
            return BotErrors.BadRequest(error);
        }

        if (!string.Equals(query.CommandId, HandoffCommands.SearchCommandId, StringComparison.OrdinalIgnoreCase))
        {
            return BotErrors.BadRequest($"Unknown commandId '{query.CommandId}': this bot's search command is '{HandoffCommands.SearchCommandId}'.");
        }

        if (!TeamsUser.TryResolve(activity, identity.Value.IsDevelopmentMode, out var user, out error))
        {
            return BotErrors.BadRequest(error);
        }

        if (!tenants.IsAllowed(user.TenantId))
        {
            return Results.Json(HandoffCards.Message(HandoffMessages.ForRejection(HandoffRejectionReason.TenantNotAllowed)));
        }

        // Copilot's recipient.id may lack the 28: prefix (PROTOCOL.md §1); a configured app id wins.
        var botId = identity.Value.IsDevelopmentMode ? activity.Recipient?.Id : identity.Value.MicrosoftAppId;
        if (string.IsNullOrWhiteSpace(botId))
        {
            return BotErrors.BadRequest("recipient.id is required: it names the bot the deep link opens a chat with.");
        }

        var items = new List<TaskItem>(query.Count);
        if (query.RequestText.Length > 0)
        {
            items.Add(UserRequestTask.From(query.RequestText));
        }

        items.AddRange(catalogue.Search(query.RequestText, query.Count - items.Count));
        var locale = string.IsNullOrWhiteSpace(activity.Locale) ? "en-US" : activity.Locale;
        var drafts = items
            .Select(item => new HandoffContextDraft(query.RequestText, query.CommandId, item, user.AadObjectId, user.TenantId, locale))
            .ToList();

        StoreContextsResponse stored;
        try
        {
            stored = await state.StoreContextsAsync(new StoreContextsRequest(drafts), cancellationToken);
        }
        catch (ConversationStateException exception) when (exception.Status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadRequest)
        {
            // A limit that protects Redis: the user reads why, in Copilot, instead of an error.
            logger.LogInformation("Handoff contexts refused by the state service: {Status}", (int)exception.Status);
            return Results.Json(HandoffCards.Message(exception.Status != HttpStatusCode.TooManyRequests
                ? HandoffMessages.ForRejection(HandoffRejectionReason.ContextTooLarge)
                : exception.Detail.Contains(StorageLimitProblems.Tenant, StringComparison.Ordinal) ? TooManyTenantHandoffs : TooManyOpenHandoffs));
        }
        catch (ConversationStateException exception) when (exception.IsTransient)
        {
            logger.LogWarning("Could not store handoff contexts: {Reason}", exception.Message);
            return BotErrors.ServiceUnavailable("The handoff state service is unavailable; try again in a moment.");
        }

        var attachments = items.Zip(stored.Tokens, (item, token) =>
        {
            var link = HandoffDeepLink.Build(botId, token.Token);
            return item.Id == UserRequestTask.Id
                ? HandoffCards.Attachment(HandoffCards.ContinueRequestTitle(query.RequestText), item.Description, link)
                : HandoffCards.Attachment(item.Title, item.Description, link);
        });
        var result = HandoffCards.Result(attachments);
        // Each card is a handoff of its own: its reference is its correlation id from here to the welcome.
        for (var i = 0; i < stored.Tokens.Count; i++)
        {
            journal.Record(HandoffReference.ForToken(stored.Tokens[i].Token), HandoffSteps.QueryAnswered, $"card {i + 1} of {stored.Tokens.Count}");
        }

        metrics.QueryAnswered(stored.Tokens.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started), user.TenantId);
        return Results.Json(result);
    }
}
