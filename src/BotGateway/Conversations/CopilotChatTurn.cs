using Handoff.BotGateway.Localization;
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

    public static bool IsCopilotChat(IncomingActivity activity) =>
        string.Equals(activity.ProductId, ProductId, StringComparison.OrdinalIgnoreCase);

    public static string Offer(string request, ReplyLanguage language) =>
        language.Format(Reply.CopilotChatOffer, language.Text(Reply.ContinueInChat), HandoffCards.Shorten(request));

    /// <param name="isCommand">A chat command (next, status, switch): there is no task in Copilot's chat to apply it to.</param>
    public async Task<OutgoingActivity> AnswerAsync(ConversationTurnReceived turn, TeamsUser user, bool isCommand, CancellationToken cancellationToken)
    {
        var language = ReplyLanguage.For(turn.Locale);
        var request = turn.Text.Trim();
        if (request.Length == 0 || isCommand || BotId(turn.Conversation) is not { } botId)
        {
            return OutgoingActivity.Message(language.Text(Reply.AskForRequest), language);
        }

        if (request.Length > ComposeExtensionQuery.MaxRequestLength)
        {
            request = request[..ComposeExtensionQuery.MaxRequestLength];
        }

        var minted = await minter.MintAsync(user, botId, request, HandoffCommands.SearchCommandId, [UserRequestTask.From(request, language)], turn.Locale, cancellationToken);
        if (minted.IsUnavailable)
        {
            return OutgoingActivity.Message(language.Text(Reply.LinkUnavailable), language);
        }

        if (minted.RefusalText is { } refusal)
        {
            return OutgoingActivity.Message(refusal, language);
        }

        // A message carries the card itself; the search result's list preview has no place in it.
        var cards = minted.Cards.Select(card => new JsonObject
        {
            ["contentType"] = card["contentType"]!.DeepClone(),
            ["content"] = card["content"]!.DeepClone(),
        }).ToList();
        return new OutgoingActivity("message", Offer(request, language), cards) { Locale = language.Locale };
    }

    /// <summary>As <see cref="HandoffMinter.BotId"/>: the configured app id, else (development mode) the bot the message was sent to.</summary>
    private string? BotId(ConversationAddress conversation)
    {
        var botId = identity.Value.IsDevelopmentMode ? conversation.BotId : identity.Value.AppId;
        return string.IsNullOrWhiteSpace(botId) ? null : botId;
    }
}
