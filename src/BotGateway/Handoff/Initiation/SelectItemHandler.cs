using Handoff.BotGateway.BotFramework;
using Handoff.BotGateway.BotFramework.Activities;
using Handoff.Contracts.State;

namespace Handoff.BotGateway.Handoff.Initiation;

/// <summary>
/// <c>composeExtension/selectItem</c>: the user picked one of the search box's results. Only now is its context
/// stored and its token minted, and the card with the "Continue in chat" button returned for the compose box.
/// </summary>
public sealed class SelectItemHandler(
    HandoffMinter minter,
    TaskCatalogue catalogue)
{
    public const string InvokeName = "composeExtension/selectItem";

    public const string TaskGone = "That result is no longer available. Search again to pick another one.";

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

        if (selection.Resolve(catalogue) is not { } item)
        {
            return Results.Json(HandoffCards.Message(TaskGone));
        }

        var minted = await minter.MintAsync(user, botId, selection.RequestText, selection.CommandId, [item], activity.Locale, cancellationToken);
        return minted.ToInvokeResponse();
    }
}
