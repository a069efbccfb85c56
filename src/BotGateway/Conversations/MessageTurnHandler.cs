using Handoff.BotGateway.BotFramework.Activities;
using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.Handoff.Resumption;
using Handoff.Contracts.Clients;
using Handoff.Contracts.State;

namespace Handoff.BotGateway.Conversations;

/// <summary>
/// A message from the user: answered in the context of the conversation's active task, read from
/// ConversationState, so the task carried over from Copilot stays with the chat.
/// </summary>
public sealed class MessageTurnHandler(ConversationStateClient state, BotConnectorClient connector, ILogger<MessageTurnHandler> logger)
{
    public const string NoTask =
        "I don't have a task for this chat yet. In Microsoft 365 Copilot, ask for what you need, pick a result and choose **Continue in chat**: I'll pick it up here.";

    public const string StateUnavailable =
        "I can't reach your task right now because a service is unavailable. Please try again in a minute.";

    private static readonly string[] NextWords = ["next", "done", "continue"];

    public async Task HandleAsync(IncomingActivity activity, CancellationToken cancellationToken)
    {
        var reply = await ReplyAsync(activity, cancellationToken);
        await connector.SendAsync(activity.ReplyAddress(), OutgoingActivity.Message(reply), cancellationToken);
    }

    private async Task<string> ReplyAsync(IncomingActivity activity, CancellationToken cancellationToken)
    {
        ConversationSnapshot snapshot;
        try
        {
            snapshot = await state.GetConversationAsync(activity.ConversationId, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or ConversationStateException or TaskCanceledException
                                          && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Could not read conversation state: {Reason}", exception.Message);
            return StateUnavailable;
        }

        if (snapshot.ActiveTask is not { } task)
        {
            return NoTask;
        }

        var text = (activity.Text ?? "").Trim().TrimEnd('.', '!').ToLowerInvariant();
        if (NextWords.Contains(text) && !task.IsFinished)
        {
            var advanced = await state.AdvanceAsync(activity.ConversationId, task.StepIndex, cancellationToken);
            if (advanced?.ActiveTask is { } moved)
            {
                return HandoffMessages.NextStep(moved);
            }

            return NoTask;
        }

        var context = task.Context;
        var origin = string.IsNullOrWhiteSpace(context.RequestText) ? "" : $" (from your Copilot request '{context.RequestText}')";
        return $"We're working on **{context.Item.Title}**{origin}.\n\n{HandoffMessages.NextStep(task)}";
    }
}
