using System.Text.Json.Nodes;
using Handoff.BotGateway.BotFramework.Activities;
using Handoff.BotGateway.BotFramework.Authentication;
using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.Handoff.Initiation;
using Handoff.Contracts.Events;
using Handoff.Contracts.State;
using Handoff.Contracts.Teams;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Conversations;

/// <summary>
/// A message to the bot used as an agent inside Microsoft 365 Copilot's chat (a <c>ProductInfo</c> entity with id
/// <c>COPILOT</c>). Tasks run in the Teams chat with the bot, not in Copilot, so the answer there is the handoff
/// itself: one card that continues what the user wrote in the Teams chat, minted for them alone.
/// </summary>
public sealed class CopilotChatTurn(HandoffMinter minter, IOptions<BotIdentityOptions> identity)
{
    public const string ProductId = "COPILOT";

    public const string AskForRequest =
        "Tell me what you need (for example \"write my weekly status update\") and I'll give you a link that continues it in a Teams chat with me, one step at a time.";

    public const string StateUnavailable = "I can't make a link for that right now because a service is unavailable. Please try again in a minute.";

    public static bool IsCopilotChat(IncomingActivity activity) =>
        string.Equals(activity.ProductId, ProductId, StringComparison.OrdinalIgnoreCase);

    public static string Offer(string request) =>
        $"I work on tasks like this in a Teams chat with you, one step at a time. Choose **{HandoffCards.ButtonTitle}** to carry on with '{HandoffCards.Shorten(request)}' there.";

    /// <param name="isCommand">A chat command (next, status, switch): there is no task in Copilot's chat to apply it to.</param>
    public async Task<OutgoingActivity> AnswerAsync(ConversationTurnReceived turn, TeamsUser user, bool isCommand, CancellationToken cancellationToken)
    {
        var request = turn.Text.Trim();
        if (request.Length == 0 || isCommand || BotId(turn.Conversation) is not { } botId)
        {
            return OutgoingActivity.Message(AskForRequest);
        }

        if (request.Length > ComposeExtensionQuery.MaxRequestLength)
        {
            request = request[..ComposeExtensionQuery.MaxRequestLength];
        }

        var minted = await minter.MintAsync(user, botId, request, HandoffCommands.SearchCommandId, [UserRequestTask.From(request)], turn.Locale, cancellationToken);
        if (minted.IsUnavailable)
        {
            return OutgoingActivity.Message(StateUnavailable);
        }

        if (minted.RefusalText is { } refusal)
        {
            return OutgoingActivity.Message(refusal);
        }

        // A message carries the card itself; the search result's list preview has no place in it.
        var cards = minted.Cards.Select(card => new JsonObject
        {
            ["contentType"] = card["contentType"]!.DeepClone(),
            ["content"] = card["content"]!.DeepClone(),
        }).ToList();
        return new OutgoingActivity("message", Offer(request), cards);
    }

    /// <summary>As <see cref="HandoffMinter.BotId"/>: the configured app id, else (development mode) the bot the message was sent to.</summary>
    private string? BotId(ConversationAddress conversation)
    {
        var botId = identity.Value.IsDevelopmentMode ? conversation.BotId : identity.Value.AppId;
        return string.IsNullOrWhiteSpace(botId) ? null : botId;
    }
}
