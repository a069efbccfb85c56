using Handoff.BotGateway.BotFramework;
using Handoff.BotGateway.BotFramework.Activities;
using Handoff.BotGateway.Localization;

namespace Handoff.BotGateway.Handoff.Initiation;

/// <summary>
/// <c>composeExtension/selectItem</c>: the user picked one of the search box's results. Only now is its context
/// stored and its token minted, and the card with the "Continue in chat" button returned for the compose box.
/// </summary>
public sealed class SelectItemHandler(
    HandoffMinter minter,
    CheckedHandoffSearch search)
{
    public const string InvokeName = "composeExtension/selectItem";

    public async Task<IResult> HandleAsync(IncomingActivity activity, CancellationToken cancellationToken)
    {
        if (!TaskSelection.TryRead(activity.Value, out var selection, out var error))
        {
            return BotErrors.BadRequest(error);
        }

        if (minter.Admit(activity, selection.CommandId, out var user, out var botId) is { } refusal)
        {
            return refusal;
        }

        var language = ReplyLanguage.For(activity.Locale);
        // Found again by its id, payload and all: the pick comes from the client, so it carries nothing the chat will trust.
        HandoffSearchResult? result;
        try
        {
            result = await search.FindAsync(selection.TaskId, HandoffSearchQuery.From(selection, user, activity.Locale), cancellationToken);
        }
        catch (HandoffSearchFailedException)
        {
            return Results.Json(HandoffCards.Message(language.Text(Reply.SearchUnavailable)));
        }

        if (result is null)
        {
            return Results.Json(HandoffCards.Message(language.Text(Reply.TaskGone)));
        }

        var minted = await minter.MintAsync(user, botId, selection.RequestText, selection.CommandId, [result], activity.Locale, cancellationToken);
        return minted.ToInvokeResponse();
    }
}
