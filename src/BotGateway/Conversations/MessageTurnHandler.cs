using Handoff.BotGateway.Agents;
using Handoff.BotGateway.BotFramework.Activities;
using Handoff.BotGateway.BotFramework.Authentication;
using Handoff.Contracts.Events;
using Handoff.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Conversations;

/// <summary>
/// A message from the user, taken in: sent to the turns' queue (<see cref="ConversationTurnOptions.Queue"/>, not published:
/// it is work for this gateway's workers, no one else's) as a <see cref="ConversationTurnReceived"/> and acknowledged at once, so
/// an answer that takes longer than Teams' 15 s turn (a model's) never holds the request. The answer comes from the turn
/// worker (<see cref="ConversationTurnWorker"/>), on RabbitMQ. When RabbitMQ does not take the turn within
/// <see cref="PublishTimeout"/>, this gateway answers it itself, in the background: the user is answered either way.
/// </summary>
public sealed class MessageTurnHandler(
    ISendEndpointProvider sendEndpoints,
    IOptions<ConversationTurnOptions> options,
    IOptions<BotIdentityOptions> identity,
    BrokerlessTurns brokerless,
    AgentMetrics metrics,
    TimeProvider time,
    ILogger<MessageTurnHandler> logger)
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(5);

    public async Task AcceptAsync(IncomingActivity activity, CancellationToken cancellationToken)
    {
        var received = time.GetTimestamp();
        var resolved = TeamsUser.TryResolve(activity, identity.Value.IsDevelopmentMode, out var user, out _);
        var correlationId = Guid.NewGuid();
        var turn = new ConversationTurnReceived(
            correlationId,
            activity.Id is { Length: > 0 } id ? id : $"{ConversationTurnReceived.MadeUpIdPrefix}{correlationId:N}",
            activity.ReplyAddress(),
            activity.Text ?? "",
            resolved ? user.AadObjectId : null,
            resolved ? user.TenantId : null,
            activity.ConversationType,
            activity.Locale,
            CopilotChatTurn.IsCopilotChat(activity),
            time.GetUtcNow());
        try
        {
            // To the queue's exchange, not "queue:": that would declare the queue as a classic one, which the quorum queue
            // the receive endpoint declared refuses (PRECONDITION_FAILED, retried forever; ClassicQueueGuard).
            var queue = await sendEndpoints.GetSendEndpoint(new Uri($"exchange:{options.Value.Queue}"));
            // Returned rather than dropped when no queue is bound for it yet (a new broker): then it is answered here.
            await queue.SendRouted(turn, PublishTimeout, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            TurnLog.AnsweredWithoutBroker(logger, correlationId, exception.Message);
            brokerless.Answer(turn);
        }

        metrics.Acknowledged(time.GetElapsedTime(received));
    }
}
