using Handoff.BotGateway.BotFramework.Activities;
using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.Handoff.Resumption;
using Handoff.BotGateway.Localization;
using Handoff.BotGateway.Observability;
using Handoff.Contracts.Clients;
using Handoff.Contracts.Diagnostics;
using Handoff.ServiceDefaults.Diagnostics;
using Handoff.ServiceDefaults.Observability;

namespace Handoff.BotGateway.Handoff.Feedback;

/// <summary>
/// A user's 👍/👎 on a handoff: counted once per handoff in <c>handoff.feedback{vote, reason}</c> (ConversationState
/// remembers the first vote), written to the handoff's journal, and thanked briefly.
/// </summary>
public sealed class HandoffFeedbackHandler(
    ConversationStateClient state,
    BotConnectorClient connector,
    HandoffMetrics metrics,
    HandoffJournalWriter journal,
    ILogger<HandoffFeedbackHandler> logger)
{
    public async Task HandleAsync(IncomingActivity activity, HandoffFeedbackValue feedback, CancellationToken cancellationToken)
    {
        HandoffSpans.TagCorrelation(feedback.Reference);
        var language = ReplyLanguage.For(activity.Locale);
        var reply = Reply.FeedbackThanks;
        try
        {
            if (await state.RecordFeedbackAsync(feedback.Reference, feedback.Vote, cancellationToken))
            {
                metrics.Feedback(feedback.Vote, feedback.Reason);
                journal.Record(feedback.Reference, HandoffSteps.Feedback, $"{feedback.Vote} on {feedback.Reason}");
                logger.LogInformation("Handoff ref {Reference}: feedback {Vote} on {Reason}", feedback.Reference, feedback.Vote, feedback.Reason);
            }
            else
            {
                reply = Reply.FeedbackAlreadyGiven;
            }
        }
        catch (ConversationStateException exception)
        {
            // Not counted rather than perhaps counted twice; the user is thanked all the same.
            logger.LogWarning("Handoff ref {Reference}: feedback not recorded: {Reason}", feedback.Reference, exception.Message);
        }

        try
        {
            var address = activity.ReplyAddress();
            if (activity.Id is { Length: > 0 } replyTo)
            {
                await connector.ReplyAsync(address, replyTo, OutgoingActivity.Message(language.Text(reply), language), cancellationToken);
            }
            else
            {
                await connector.SendAsync(address, OutgoingActivity.Message(language.Text(reply), language), cancellationToken);
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested
                                          && exception is HttpRequestException or InvalidOperationException or Microsoft.Identity.Client.MsalException)
        {
            logger.LogWarning("The thanks for feedback could not be sent: {Reason}", exception.Message);
        }
    }
}
