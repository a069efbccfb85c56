using System.Net;
using System.Text.Json.Nodes;
using Handoff.BotGateway.BotFramework;
using Handoff.BotGateway.BotFramework.Activities;
using Handoff.BotGateway.BotFramework.Authentication;
using Handoff.BotGateway.Handoff.Policy;
using Handoff.BotGateway.Handoff.Resumption;
using Handoff.BotGateway.Observability;
using Handoff.BotGateway.Localization;
using Handoff.Contracts.Clients;
using Handoff.Contracts.Diagnostics;
using Handoff.Contracts.State;
using Handoff.Contracts.Teams;
using Handoff.ServiceDefaults.Diagnostics;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Handoff.Initiation;

/// <summary>
/// Stores one context per task with ConversationState, which mints a single-use token for each, and builds the
/// cards whose button opens the deep link with it. Used for every card a user can click: Copilot's results, the
/// item picked in the search box, and the answer in Copilot's own chat.
/// </summary>
public sealed class HandoffMinter(
    ConversationStateClient state,
    IOptions<BotIdentityOptions> identity,
    TenantPolicy tenants,
    IOptions<DeepLinkOptions> deepLinks,
    TimeProvider time,
    HandoffMetrics metrics,
    HandoffJournalWriter journal,
    ILogger<HandoffMinter> logger)
{
    public const string NoBotId = "recipient.id is required: it names the bot the deep link opens a chat with.";

    /// <summary>The bot the deep link opens a chat with: the configured app id, else (development mode) the activity's recipient.</summary>
    /// <remarks>Copilot's recipient.id may lack the 28: prefix (PROTOCOL.md §1); the deep link adds it where it is missing.</remarks>
    public string? BotId(IncomingActivity activity)
    {
        var botId = identity.Value.IsDevelopmentMode ? activity.Recipient?.Id : identity.Value.AppId;
        return string.IsNullOrWhiteSpace(botId) ? null : botId;
    }

    /// <summary>
    /// The checks every message-extension invoke passes before anything is minted: our command, a user and tenant to
    /// bind tokens to, an allowed tenant, a bot to link to. Null when it passes, else the answer to give instead.
    /// </summary>
    public IResult? Admit(IncomingActivity activity, string commandId, out TeamsUser user, out string botId)
    {
        botId = "";
        if (!string.Equals(commandId, HandoffCommands.SearchCommandId, StringComparison.OrdinalIgnoreCase))
        {
            user = new TeamsUser("", "");
            return BotErrors.BadRequest($"Unknown commandId '{commandId}': this bot's search command is '{HandoffCommands.SearchCommandId}'.");
        }

        if (!TeamsUser.TryResolve(activity, identity.Value.IsDevelopmentMode, out user, out var error))
        {
            return BotErrors.BadRequest(error);
        }

        if (!tenants.IsAllowed(user.TenantId))
        {
            return Results.Json(HandoffCards.Message(HandoffMessages.ForRejection(HandoffRejectionReason.TenantNotAllowed, ReplyLanguage.For(activity.Locale))));
        }

        if (BotId(activity) is not { } bot)
        {
            return BotErrors.BadRequest(NoBotId);
        }

        botId = bot;
        return null;
    }

    public Task<MintedCards> MintAsync(TeamsUser user, string botId, string requestText, string commandId, IReadOnlyList<TaskItem> items,
        string? locale, CancellationToken cancellationToken) =>
        MintAsync(user, botId, requestText, commandId, items.Select(item => new HandoffSearchResult(item)).ToList(), locale, cancellationToken);

    /// <summary>One context per result, each with the result's app payload, and the cards that open them.</summary>
    public async Task<MintedCards> MintAsync(TeamsUser user, string botId, string requestText, string commandId, IReadOnlyList<HandoffSearchResult> results,
        string? locale, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var language = ReplyLanguage.For(locale);
        var items = results.Select(result => result.Item).ToList();
        var drafts = results
            .Select(result => new HandoffContextDraft(requestText, commandId, result.Item, user.AadObjectId, user.TenantId, HandoffSearchQuery.LocaleOrDefault(locale), result.AppPayload))
            .ToList();

        StoreContextsResponse stored;
        try
        {
            stored = await state.StoreContextsAsync(new StoreContextsRequest(drafts), cancellationToken);
        }
        catch (ConversationStateException exception) when (exception.Status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadRequest)
        {
            // A limit that protects Redis: the user reads why instead of an error.
            logger.LogInformation("Handoff contexts refused by the state service: {Status}", (int)exception.Status);
            return MintedCards.Refused(exception.Status != HttpStatusCode.TooManyRequests
                ? HandoffMessages.ForRejection(HandoffRejectionReason.ContextTooLarge, language)
                : language.Text(exception.Detail.Contains(StorageLimitProblems.Tenant, StringComparison.Ordinal) ? Reply.TooManyTenantHandoffs : Reply.TooManyOpenHandoffs));
        }
        catch (ConversationStateException exception) when (exception.IsTransient)
        {
            logger.LogWarning("Could not store handoff contexts: {Reason}", exception.Message);
            return MintedCards.Unavailable;
        }

        var now = time.GetUtcNow();
        var cards = items.Zip(stored.Tokens, (item, token) =>
        {
            var link = HandoffDeepLink.Build(botId, token.Token, deepLinks.Value.DeepLinkHost);
            return HandoffCards.Attachment(HandoffCards.TitleOf(item, requestText, language), item.Description, link, language,
                HandoffCards.Facts(item, token.ExpiresAt - now, language));
        }).ToList();
        // Each card is a handoff of its own: its reference is its correlation id from here to the welcome.
        for (var i = 0; i < stored.Tokens.Count; i++)
        {
            journal.Record(HandoffReference.ForToken(stored.Tokens[i].Token), HandoffSteps.QueryAnswered, $"card {i + 1} of {stored.Tokens.Count}");
        }

        metrics.QueryAnswered(stored.Tokens.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started), user.TenantId);
        return new MintedCards(cards, null, false);
    }
}

/// <summary>The cards with their links, or the text to show instead (a limit), or that the state service is unavailable.</summary>
public sealed record MintedCards(IReadOnlyList<JsonObject> Cards, string? RefusalText, bool IsUnavailable)
{
    public static readonly MintedCards Unavailable = new([], null, true);

    public static MintedCards Refused(string text) => new([], text, false);

    /// <summary>The message extension's answer: the cards, the refusal as a message in their place, or 503.</summary>
    public IResult ToInvokeResponse() => this switch
    {
        { IsUnavailable: true } => BotErrors.ServiceUnavailable("The handoff state service is unavailable; try again in a moment."),
        { RefusalText: { } text } => Results.Json(HandoffCards.Message(text)),
        _ => Results.Json(HandoffCards.Result(Cards)),
    };
}
