using Handoff.BotGateway.BotFramework.Activities;
using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.Handoff.Initiation;
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
    public const string PersonalWelcome =
        "Hi! I pick up the tasks you start in Microsoft 365 Copilot, with what you asked there. To start: in Copilot, ask for what " +
        "you need (for example \"write my weekly status update\"), pick one of my results and choose **Continue in chat**. The task " +
        "opens here, one step at a time: say **next** when a step is done, **status** to see where we are, **forget me** to erase what I keep about you.";

    public const string SharedChatWelcome =
        "Hi! I pick up the tasks you start in Microsoft 365 Copilot, in a personal chat with me rather than here. In Copilot, ask for " +
        "what you need and choose **Continue in chat** on one of my results: the task opens in your personal chat with me.";

    /// <summary>Whether the activity says the bot was just added to this conversation.</summary>
    public static bool IsBotAdded(IncomingActivity activity) => activity.Type switch
    {
        ActivityTypes.InstallationUpdate => string.Equals(activity.Action, "add", StringComparison.OrdinalIgnoreCase),
        ActivityTypes.ConversationUpdate => activity.Recipient is { } bot && activity.MembersAdded.Any(member =>
            string.Equals(HandoffDeepLink.NormalizeBotId(member), HandoffDeepLink.NormalizeBotId(bot.Id), StringComparison.OrdinalIgnoreCase)),
        _ => false,
    };

    public static string TextFor(IncomingActivity activity) =>
        activity.ConversationType is null or "personal" ? PersonalWelcome : SharedChatWelcome;

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
            await connector.SendAsync(activity.ReplyAddress(), OutgoingActivity.Message(TextFor(activity)), cancellationToken);
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
