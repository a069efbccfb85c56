using Handoff.BotGateway.Localization;
using Handoff.Contracts.Events;

namespace Handoff.BotGateway.BotFramework.Activities;

public static class ConversationAddressing
{
    /// <summary>Where replies to this activity go: from the bot (its recipient) to the user (its sender).</summary>
    public static ConversationAddress ReplyAddress(this IncomingActivity activity) => new(
        activity.ChannelId,
        activity.ServiceUrl.AbsoluteUri,
        activity.ConversationId,
        activity.Recipient?.Id ?? "bot",
        activity.From?.Id ?? "user",
        activity.TenantId,
        ReplyLanguage.WellFormed(activity.Locale));
}
