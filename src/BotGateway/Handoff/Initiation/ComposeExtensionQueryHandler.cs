using Handoff.BotGateway.BotFramework;
using Handoff.BotGateway.BotFramework.Activities;
using Handoff.BotGateway.Localization;
using Handoff.Contracts.State;

namespace Handoff.BotGateway.Handoff.Initiation;

/// <summary>
/// A message-extension search (<c>composeExtension/query</c>), answered with the results of the configured
/// <see cref="IHandoffSearch"/>. From Copilot, every card shown has a button, so each is stored with its app payload and
/// gets its token now; from Teams' search box, which queries on every keystroke, the results carry no link and nothing
/// is minted until the user picks one (<see cref="SelectItemHandler"/>).
/// </summary>
public sealed class ComposeExtensionQueryHandler(
    HandoffMinter minter,
    CheckedHandoffSearch search)
{
    public const string InvokeName = "composeExtension/query";

    public async Task<IResult> HandleAsync(IncomingActivity activity, CancellationToken cancellationToken)
    {
        if (!ComposeExtensionQuery.TryRead(activity.Value, out var query, out var error))
        {
            return BotErrors.BadRequest(error);
        }

        if (minter.Admit(activity, query.CommandId, out var user, out var botId) is { } refusal)
        {
            return refusal;
        }

        var surface = QuerySurfaces.Of(activity);
        var language = ReplyLanguage.For(activity.Locale);
        IReadOnlyList<HandoffSearchResult> results;
        try
        {
            results = await search.SearchAsync(HandoffSearchQuery.From(query, user, activity.Locale, surface), cancellationToken);
        }
        catch (HandoffSearchFailedException)
        {
            return Results.Json(HandoffCards.Message(language.Text(Reply.SearchUnavailable)));
        }

        if (results.Count == 0)
        {
            return Results.Json(HandoffCards.Result([]));
        }

        if (surface == QuerySurface.SearchBox)
        {
            return Results.Json(HandoffCards.Result(results.Select(result => HandoffCards.Selectable(
                HandoffCards.TitleOf(result.Item, query.RequestText, language), result.Item.Description, HandoffCards.Facts(result.Item, linkLifetime: null, language),
                new TaskSelection(query.CommandId, result.Item.Id, query.RequestText).ToJson()))));
        }

        var minted = await minter.MintAsync(user, botId, query.RequestText, query.CommandId, results, activity.Locale, cancellationToken);
        return minted.ToInvokeResponse();
    }
}
