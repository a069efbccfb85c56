using Handoff.BotGateway.Localization;
using System.Security.Cryptography;
using System.Text;
using Handoff.BotGateway.Agents;
using Handoff.BotGateway.Agents.ChatModel;
using Handoff.BotGateway.Agents.GuidedSteps;
using Handoff.BotGateway.BotFramework.Activities;
using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.Handoff.Delivery;
using Handoff.BotGateway.Handoff.Policy;
using Handoff.BotGateway.Handoff.Resumption;
using Handoff.Contracts.Clients;
using Handoff.Contracts.Events;
using Handoff.Contracts.State;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Conversations;

/// <summary>
/// Answers a user's message, off the request that took it in. The gateway's own steps come first, the same for every
/// agent: the tenant policy, <c>forget me</c>, Microsoft 365 Copilot's own chat (answered with a handoff link), the turn
/// recorded (which reads the active task and the history), <c>switch</c> (which task is active is the gateway's, not
/// the agent's); then the agent (<see cref="IConversationAgent"/>) answers, streamed by <see cref="AnswerStream"/>, its
/// answer recorded in the history just before the final message goes. One answer per activity: the whole turn runs inside a delivery claim keyed by
/// the activity (<see cref="OutcomeDelivery"/>), completed once the answer is sent, so a redelivered or re-sent message
/// is not answered twice and one whose worker died is answered by the next. When ConversationState cannot be asked the
/// turn is answered without a claim (it says the service is unavailable): better told twice on a redelivery than not at all.
/// </summary>
public sealed class ConversationTurnWorker(
    ConversationStateClient state,
    OutcomeDelivery delivery,
    AnswerStream answers,
    IConversationAgent agent,
    CopilotChatTurn copilotChat,
    TenantPolicy tenants,
    AgentMetrics metrics,
    IOptions<ChatModelOptions> options,
    TimeProvider time,
    ILogger<ConversationTurnWorker> logger)
{
    /// <summary>Throws when the answer could not be sent (the consumer tries again), or another worker holds the turn.</summary>
    public Task AnswerAsync(ConversationTurnReceived turn, CancellationToken cancellationToken) =>
        delivery.DeliverOnceAsync(turn.CorrelationId, DeliveryId(turn), _ => TakeTurnAsync(turn), sendUnclaimed: true, cancellationToken);

    /// <summary>The turn's once-only delivery: a digest, so no conversation or activity id (which can be long) is a key.</summary>
    public static string DeliveryId(ConversationTurnReceived turn) =>
        "turn." + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{turn.Conversation.ConversationId}\n{turn.ActivityId}")))[..32];

    private async Task TakeTurnAsync(ConversationTurnReceived turn)
    {
        try
        {
            await AnswerTurnAsync(turn);
        }
        catch (Exception exception) when (exception is InvalidOperationException || IsRefusal(exception as HttpRequestException))
        {
            // The connector refused the answer for good (a redirect, a 4xx, a serviceUrl not allowed): trying the turn again
            // would ask the agent again for the same refusal. An unreachable connector or a 5xx is thrown, and retried.
            TurnLog.AnswerRefused(logger, turn.CorrelationId, exception.Message);
        }
    }

    private static bool IsRefusal(HttpRequestException? exception) =>
        exception?.StatusCode is { } status && (int)status is >= 300 and < 500 and not 429;

    private async Task AnswerTurnAsync(ConversationTurnReceived turn)
    {
        // Not the consumer's token (see OutcomeDelivery): a claimed turn runs to its end, which the turn's timeout bounds.
        using var budget = new CancellationTokenSource(options.Value.TurnTimeout, time);
        var token = budget.Token;
        var language = ReplyLanguage.For(turn.Locale);
        if (turn.UserAadObjectId is not { } userId || turn.TenantId is not { } tenantId)
        {
            await answers.WriteAsync(turn, GuidedStepsAgent.NoTask(language), token);
            return;
        }

        if (!tenants.IsAllowed(tenantId))
        {
            await answers.WriteAsync(turn, HandoffMessages.ForRejection(HandoffRejectionReason.TenantNotAllowed, language), token);
            return;
        }

        var user = new TeamsUser(userId, tenantId);
        var text = TurnText.Normalize(turn.Text);
        ConversationSnapshot snapshot;
        try
        {
            if (ChatCommands.Forget.Contains(text))
            {
                var erased = await state.ForgetUserAsync(tenantId, userId, "the user, in chat", token);
                await answers.WriteAsync(turn, language.Format(Reply.Erased, erased), token);
                return;
            }

            if (turn.InCopilotChat)
            {
                var offer = await copilotChat.AnswerAsync(turn, user, ChatCommands.IsCommand(text), token);
                await answers.SendAsync(turn, offer, token);
                return;
            }

            snapshot = await state.RecordTurnAsync(turn.Conversation.ConversationId, new RecordTurnRequest(turn.Text, userId, tenantId), token);
            if (ChatCommands.Switch.Contains(text))
            {
                var switched = await state.SwitchToPreviousAsync(turn.Conversation.ConversationId, token) is { ActiveTask: { } active }
                    ? $"{language.Format(Reply.BackToTask, active.Context.Item.Title)}\n\n{HandoffMessages.NextStep(active, language)}"
                    : language.Text(Reply.NoPreviousTask);
                await answers.WriteAsync(turn, switched, token);
                return;
            }
        }
        catch (ConversationStateException exception)
        {
            TurnLog.StateFailed(logger, turn.CorrelationId, exception.Message);
            await answers.WriteAsync(turn, language.Text(exception.IsTransient ? Reply.TurnStateUnavailable : Reply.NotUnderstood), token);
            return;
        }

        var agentTurn = new AgentTurn(turn.Conversation.ConversationId, turn.Text, snapshot.ActiveTask, snapshot.History ?? [],
            ReplyLanguage.WellFormed(turn.Locale) ?? "", turn.IsPersonalChat);
        var reference = TurnMessages.Reference(turn.CorrelationId);
        var written = await answers.WriteAsync(turn, agent.AnswerAsync(agentTurn, token), agent.IsGenerative,
            (failure, cutShort) => Failed(turn, reference, failure, cutShort, budget.IsCancellationRequested, language), CancellationToken.None,
            beforeFinal: answer => RecordReplyAsync(turn, userId, tenantId, answer));
        if (written.Failure is null)
        {
            metrics.Answered(time.GetUtcNow() - turn.ReceivedAt, agent.IsGenerative);
        }
    }

    private string Failed(ConversationTurnReceived turn, string reference, Exception failure, bool cutShort, bool outOfTime, ReplyLanguage language)
    {
        var reason = failure switch
        {
            AgentUnavailableException unavailable => unavailable.Reason,
            OperationCanceledException when outOfTime => AgentUnavailableException.Timeout,
            _ => AgentUnavailableException.Error,
        };
        metrics.Failed(reason, agent.IsGenerative, time.GetUtcNow() - turn.ReceivedAt);
        TurnLog.AgentFailed(logger, failure, turn.CorrelationId, reference, reason);
        return TurnMessages.AgentFailed(reason, reference, cutShort, language);
    }

    private async Task RecordReplyAsync(ConversationTurnReceived turn, string userId, string tenantId, string text)
    {
        try
        {
            await state.RecordReplyAsync(turn.Conversation.ConversationId, new RecordReplyRequest(text, userId, tenantId), CancellationToken.None);
        }
        catch (ConversationStateException exception)
        {
            // Recorded before the final message goes, so that the next turn finds it; without the state service the answer
            // still goes, and the next turn's history lacks it.
            TurnLog.ReplyUnrecorded(logger, turn.CorrelationId, exception.Message);
        }
    }
}
