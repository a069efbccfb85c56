using Handoff.BotGateway.BotFramework.Activities;
using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.Handoff.Initiation;
using Handoff.BotGateway.Localization;
using Handoff.Contracts.Clients;
using Handoff.Contracts.State;

namespace Handoff.BotGateway.Conversations;

/// <summary>
/// The first thing the user reads after installing the app: what the bot does and how to start. Teams sends both an
/// <c>installationUpdate</c> (<c>add</c>) and a <c>conversationUpdate</c> with the bot in <c>membersAdded</c> for one
/// install, possibly to two replicas, so the chat is welcomed once: the welcome is claimed in ConversationState as
/// a delivery of its own, remembered as long as a used token (<c>State:TokenMemory</c>).
/// </summary>
public sealed class InstallationWelcome(ConversationStateClient state, BotConnectorClient connector, ILogger<InstallationWelcome> logger)
{
    /// <summary>Whether the activity says the bot was just added to this conversation.</summary>
    public static bool IsBotAdded(IncomingActivity activity) => activity.Type switch
    {
        ActivityTypes.InstallationUpdate => string.Equals(activity.Action, "add", StringComparison.OrdinalIgnoreCase),
        ActivityTypes.ConversationUpdate => activity.Recipient is { } bot && activity.MembersAdded.Any(member =>
            string.Equals(HandoffDeepLink.NormalizeBotId(member), HandoffDeepLink.NormalizeBotId(bot.Id), StringComparison.OrdinalIgnoreCase)),
        _ => false,
    };

    /// <summary>In a personal chat, how to start and the commands; elsewhere, that tasks open in the personal chat.</summary>
    public static string TextFor(IncomingActivity activity, ReplyLanguage language) => language.Format(
        activity.ConversationType is null or "personal" ? Reply.PersonalWelcome : Reply.SharedChatWelcome, language.Text(Reply.ContinueInChat));

    public async Task WelcomeAsync(IncomingActivity activity, CancellationToken cancellationToken)
    {
        var deliveryId = $"welcome.{activity.ConversationId}";
        var claimed = true;
        try
        {
            if (await state.ClaimDeliveryAsync(deliveryId, [], cancellationToken) != DeliveryClaim.Claimed)
            {
                return;
            }
        }
        catch (ConversationStateException exception)
        {
            // Better welcomed twice than not at all: without the state service the claim cannot be shared.
            logger.LogWarning("Welcoming conversation {ConversationId} without a claim: {Reason}", activity.ConversationId, exception.Message);
            claimed = false;
        }

        try
        {
            var language = ReplyLanguage.For(activity.Locale);
            await connector.SendAsync(activity.ReplyAddress(), OutgoingActivity.Message(TextFor(activity, language), language), cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested
                                          && exception is HttpRequestException or InvalidOperationException or Microsoft.Identity.Client.MsalException)
        {
            logger.LogWarning("The welcome could not be sent: {Reason}", exception.Message);
            if (claimed)
            {
                await ForgetClaimAsync(() => state.ReleaseDeliveryAsync(deliveryId, CancellationToken.None));
            }

            return;
        }

        if (claimed)
        {
            await ForgetClaimAsync(() => state.CompleteDeliveryAsync(deliveryId, CancellationToken.None));
        }
    }

    private async Task ForgetClaimAsync(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (ConversationStateException exception)
        {
            // The claim's lease runs out by itself (DeliveryLease.Duration).
            logger.LogWarning("Could not settle the welcome's claim: {Reason}", exception.Message);
        }
    }
}
