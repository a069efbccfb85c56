using Handoff.BotGateway.BotFramework;
using Handoff.BotGateway.BotFramework.Activities;
using Handoff.Contracts.State;

namespace Handoff.BotGateway.Handoff.Initiation;

/// <summary>
/// A message-extension search (<c>composeExtension/query</c>). From Copilot, every card shown has a button, so each
/// is stored and gets its token now; from Teams' search box, which queries on every keystroke, the results carry
/// no link and nothing is minted until the user picks one (<see cref="SelectItemHandler"/>). The first card always
/// continues the user's own request; with no request text (missing, <c>null</c>, empty or <c>*</c>) the catalogue's
/// first tasks are offered.
/// </summary>
public sealed class ComposeExtensionQueryHandler(
    HandoffMinter minter,
    TaskCatalogue catalogue)
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

        var items = new List<TaskItem>(query.Count);
        if (query.RequestText.Length > 0)
        {
            items.Add(UserRequestTask.From(query.RequestText));
        }

        items.AddRange(catalogue.Search(query.RequestText, query.Count - items.Count));
        if (QuerySurfaces.Of(activity) == QuerySurface.SearchBox)
        {
            return Results.Json(HandoffCards.Result(items.Select(item => HandoffCards.Selectable(
                Title(item, query.RequestText), item.Description, HandoffCards.Facts(item, linkLifetime: null),
                new TaskSelection(query.CommandId, item.Id, query.RequestText).ToJson()))));
        }

        var minted = await minter.MintAsync(user, botId, query.RequestText, query.CommandId, items, activity.Locale, cancellationToken);
        return minted.ToInvokeResponse();
    }

    private static string Title(TaskItem item, string requestText) =>
        item.Id == UserRequestTask.Id ? HandoffCards.ContinueRequestTitle(requestText) : item.Title;
}
