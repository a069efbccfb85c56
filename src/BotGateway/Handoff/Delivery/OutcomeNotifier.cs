using System.Net.Http;
using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.Handoff.Policy;
using Handoff.BotGateway.Handoff.Resumption;
using Handoff.BotGateway.Localization;
using Handoff.BotGateway.Observability;
using Handoff.Contracts.Diagnostics;
using Handoff.Contracts.Events;
using Handoff.Contracts.State;
using Handoff.ServiceDefaults.Diagnostics;
using Handoff.ServiceDefaults.Observability;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Handoff.Delivery;

/// <summary>
/// Tells the user how their handoff is going, each notice once: the welcome and next step (with 👍/👎), a delay,
/// or a rejection (with the reference to quote to support). Each send, and each failed send with the connector's
/// answer, goes to the handoff's journal.
/// </summary>
public sealed class OutcomeNotifier(
    BotConnectorClient connector,
    OutcomeDelivery delivery,
    IHandoffWelcome welcome,
    IOptions<HandoffPolicyOptions> policy,
    HandoffMetrics metrics,
    HandoffJournalWriter journal,
    TimeProvider time,
    ILogger<OutcomeNotifier> logger)
{
    public async Task WelcomeAsync(HandoffContextRestored restored, CancellationToken cancellationToken)
    {
        HandoffSpans.TagCorrelation(restored.Reference);
        // One activity, one claim (ADR 0013); the claim brings the task (ADR 0028).
        var welcomed = false;
        await delivery.DeliverWelcomeOnceAsync(
            restored,
            async (task, token) =>
            {
                if (task is null)
                {
                    // Forgotten, or no longer the conversation's task: nothing of it is left to welcome the user to.
                    journal.Record(restored.Reference, HandoffSteps.NotWelcomed, "the conversation no longer holds the task");
                    DeliveryLog.TaskGone(logger, restored.CorrelationId, restored.Reference);
                    return;
                }

                // Composed once the delivery is claimed, so a duplicate never calls a team's welcome.
                var locale = WelcomeLocale(restored, task);
                var message = await ComposeWelcomeAsync(restored, task, locale, token);
                await SendOrJournalFailureAsync(restored.Reference, "welcome", () => connector.SendAsync(restored.Conversation,
                    HandoffMessages.Welcome(message, task, ReplyLanguage.For(locale), restored.Reference), token));
                welcomed = true;
            },
            cancellationToken);
        if (welcomed)
        {
            metrics.Welcomed(time.GetUtcNow() - restored.RequestedAt);
            journal.Record(restored.Reference, HandoffSteps.WelcomeSent, null);
            DeliveryLog.Told(logger, restored.CorrelationId, restored.Reference, "welcomed");
        }
    }

    public async Task DelayedAsync(HandoffDelayed delayed, CancellationToken cancellationToken)
    {
        HandoffSpans.TagCorrelation(delayed.Reference);
        await delivery.DeliverOnceAsync(delayed.CorrelationId, token => SendRecordedAsync(delayed.Reference, HandoffSteps.DelayNoticeSent, "delay notice", async () =>
        {
            await connector.SendAsync(delayed.Conversation, HandoffMessages.DelayedMessage(ReplyLanguage.For(delayed.Conversation.Locale), delayed.Reference), token);
            metrics.Delayed();
        }), cancellationToken, notice: "delayed");
        DeliveryLog.Told(logger, delayed.CorrelationId, delayed.Reference, "told the user it is delayed");
    }

    public async Task RejectedAsync(HandoffRejected rejected, CancellationToken cancellationToken)
    {
        HandoffSpans.TagCorrelation(rejected.Reference);
        if (rejected.Earlier is { } earlier)
        {
            await AlreadyContinuingAsync(rejected, earlier, cancellationToken);
            return;
        }

        var tag = OutcomeTags.Of(rejected.Reason);
        await delivery.DeliverOnceAsync(rejected.CorrelationId, token => SendRecordedAsync(rejected.Reference, HandoffSteps.RejectionSent, $"rejection ({tag})", async () =>
        {
            await connector.SendAsync(rejected.Conversation, HandoffMessages.RejectionMessage(rejected.Reason, ReplyLanguage.For(rejected.Conversation.Locale),
                policy.Value.CopilotUrl, rejected.Reference), token);
            metrics.Rejected(rejected.Reason);
        }), cancellationToken);
        DeliveryLog.Told(logger, rejected.CorrelationId, rejected.Reference, $"told the user it was rejected ({tag})");
    }

    /// <summary>
    /// The owner clicked a link they already redeemed. ConversationState lets one such click per conversation and
    /// window speak (none right after the welcome), so double clicks, re-sent invokes and a second window stay quiet.
    /// </summary>
    private async Task AlreadyContinuingAsync(HandoffRejected rejected, EarlierRedemptionNotice earlier, CancellationToken cancellationToken)
    {
        metrics.AlreadyContinuing(earlier.Notify);
        if (!earlier.Notify)
        {
            journal.Record(rejected.Reference, HandoffSteps.Rejected, $"{OutcomeTags.AlreadyContinuing}: quiet, the chat was told within the window");
            DeliveryLog.Told(logger, rejected.CorrelationId, rejected.Reference, "a repeated click on a redeemed link; the user was told already");
            return;
        }

        // The claim brings where the task stands now (ADR 0028).
        await delivery.DeliverAlreadyContinuingOnceAsync(rejected, earlier, (standing, token) => SendRecordedAsync(rejected.Reference, HandoffSteps.RejectionSent,
            OutcomeTags.AlreadyContinuing, () => connector.SendAsync(rejected.Conversation, HandoffMessages.AlreadyContinuingMessage(standing,
                ReplyLanguage.For(rejected.Conversation.Locale), policy.Value.CopilotUrl, rejected.Reference), token)), cancellationToken);
        DeliveryLog.Told(logger, rejected.CorrelationId, rejected.Reference, "told the user they are already continuing that task");
    }

    /// <summary>
    /// The welcome's locale: the click's (the user's Teams language now), else the search's, stored with the context
    /// (an event published before the address carried one). Either may be anything a client sent; only a well-formed one is used.
    /// </summary>
    public static string WelcomeLocale(HandoffContextRestored restored, ActiveTask task) =>
        ReplyLanguage.WellFormed(restored.Conversation.Locale) ?? ReplyLanguage.WellFormed(task.Context.Locale) ?? ReplyLanguage.English.Locale;

    /// <summary>The configured welcome's words; the default's if it fails, so the user is welcomed whatever a team's code does.</summary>
    private async Task<HandoffWelcomeMessage> ComposeWelcomeAsync(HandoffContextRestored restored, ActiveTask task, string locale, CancellationToken cancellationToken)
    {
        try
        {
            return await welcome.ComposeAsync(task, locale, cancellationToken) ?? StepsWelcome.For(task, ReplyLanguage.For(locale));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "{Welcome} failed for handoff {Reference}; the default welcome is sent instead.", welcome.GetType().Name, restored.Reference);
            return StepsWelcome.For(task, ReplyLanguage.For(locale));
        }
    }

    private async Task SendRecordedAsync(string? reference, string sentStep, string what, Func<Task> send)
    {
        await SendOrJournalFailureAsync(reference, what, send);
        journal.Record(reference, sentStep, what == "delay notice" ? null : what);
    }

    private async Task SendOrJournalFailureAsync(string? reference, string what, Func<Task> send)
    {
        try
        {
            await send();
        }
        catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException or Microsoft.Identity.Client.MsalException)
        {
            var answer = exception is HttpRequestException { StatusCode: { } status } ? $"the connector answered {(int)status}" : "the connector could not be reached";
            journal.Record(reference, HandoffSteps.SendFailed, $"{what}: {answer}");
            throw;
        }
    }
}
