using Handoff.BotGateway.BotFramework.Activities;
using Handoff.BotGateway.BotFramework.Authentication;
using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.Handoff.Policy;
using Handoff.BotGateway.Handoff.Resumption;
using Handoff.Contracts.Clients;
using Handoff.Contracts.State;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Conversations;

/// <summary>
/// A message from the user: recorded as a turn and answered in the context of the conversation's active
/// task, read from ConversationState, so the task carried over from Copilot stays with the chat.
/// Commands: <c>next</c>, <c>status</c>, <c>switch</c> (back to the previous task), <c>forget me</c>. In Microsoft 365
/// Copilot's own chat, where no task runs, the answer is a link that continues the message in the Teams chat
/// (<see cref="CopilotChatTurn"/>).
/// </summary>
public sealed class MessageTurnHandler(
    ConversationStateClient state,
    BotConnectorClient connector,
    TenantPolicy tenants,
    IOptions<BotIdentityOptions> identity,
    CopilotChatTurn copilotChat,
    ILogger<MessageTurnHandler> logger)
{
    public const string NoTask =
        "I don't have a task for this chat yet. In Microsoft 365 Copilot, ask for what you need, pick a result and choose **Continue in chat**: I'll pick it up here.";

    public const string StateUnavailable =
        "I can't reach your task right now because a service is unavailable. Please try again in a minute.";

    public const string NoPreviousTask = "There is no earlier task in this chat to switch back to.";

    public const string NotUnderstood = "Sorry, I couldn't process that message. Please try again, or start again from Copilot.";

    private static readonly string[] NextWords = ["next", "done", "continue"];
    private static readonly string[] SwitchWords = ["switch", "previous", "switch back"];
    private static readonly string[] ForgetWords = ["forget me", "delete my data", "erase my data"];

    public async Task HandleAsync(IncomingActivity activity, CancellationToken cancellationToken)
    {
        var reply = await ReplyAsync(activity, cancellationToken);
        var address = activity.ReplyAddress();
        try
        {
            if (activity.Id is { Length: > 0 } replyTo)
            {
                await connector.ReplyAsync(address, replyTo, reply, cancellationToken);
            }
            else
            {
                await connector.SendAsync(address, reply, cancellationToken);
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested
                                          && exception is HttpRequestException or InvalidOperationException or Microsoft.Identity.Client.MsalException)
        {
            // The turn was taken in; only the reply failed (connector down, token unavailable). Teams needs no error for that.
            logger.LogWarning("The reply to a message could not be sent: {Reason}", exception.Message);
        }
    }

    private async Task<OutgoingActivity> ReplyAsync(IncomingActivity activity, CancellationToken cancellationToken)
    {
        if (!TeamsUser.TryResolve(activity, identity.Value.IsDevelopmentMode, out var user, out _))
        {
            return OutgoingActivity.Message(NoTask);
        }

        if (!tenants.IsAllowed(user.TenantId))
        {
            return OutgoingActivity.Message(HandoffMessages.ForRejection(HandoffRejectionReason.TenantNotAllowed));
        }

        var text = (activity.Text ?? "").Trim().TrimEnd('.', '!').ToLowerInvariant();
        try
        {
            if (ForgetWords.Contains(text))
            {
                var erased = await state.ForgetUserAsync(user.TenantId, user.AadObjectId, "the user, in chat", cancellationToken);
                return OutgoingActivity.Message($"Done: I erased everything I kept about you ({erased} records: your Copilot handoffs and the tasks in our chats). Start again from Copilot any time.");
            }

            if (CopilotChatTurn.IsCopilotChat(activity))
            {
                var isCommand = NextWords.Contains(text) || SwitchWords.Contains(text) || text == "status";
                return await copilotChat.AnswerAsync(activity, user, isCommand, cancellationToken);
            }

            var snapshot = await state.RecordTurnAsync(activity.ConversationId, new RecordTurnRequest(activity.Text ?? "", user.AadObjectId, user.TenantId), cancellationToken);
            return OutgoingActivity.Message(await AnswerAsync(activity.ConversationId, text, snapshot, cancellationToken));
        }
        catch (ConversationStateException exception)
        {
            logger.LogWarning("Could not read or update conversation state: {Reason}", exception.Message);
            return OutgoingActivity.Message(exception.IsTransient ? StateUnavailable : NotUnderstood);
        }
    }

    private async Task<string> AnswerAsync(string conversationId, string text, ConversationSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (SwitchWords.Contains(text))
        {
            return await state.SwitchToPreviousAsync(conversationId, cancellationToken) is { ActiveTask: { } switched }
                ? $"Back to **{switched.Context.Item.Title}**.\n\n{HandoffMessages.NextStep(switched)}"
                : NoPreviousTask;
        }

        if (snapshot.ActiveTask is not { } task)
        {
            return NoTask;
        }

        if (NextWords.Contains(text) && !task.IsFinished)
        {
            var advanced = await state.AdvanceAsync(conversationId, task.StepIndex, cancellationToken);
            return advanced?.ActiveTask is { } moved ? HandoffMessages.NextStep(moved) : NoTask;
        }

        var context = task.Context;
        var origin = string.IsNullOrWhiteSpace(context.RequestText) ? "" : $" (from your Copilot request '{context.RequestText}')";
        return $"We're working on **{context.Item.Title}**{origin}.\n\n{HandoffMessages.NextStep(task)}";
    }
}
