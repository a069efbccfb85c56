using Handoff.Contracts.Events;
using MassTransit;

namespace Handoff.BotGateway.Conversations;

/// <summary>The turn worker on RabbitMQ: a message is acknowledged once its answer is sent, so a worker that dies mid-answer leaves it to the next.</summary>
public sealed class ConversationTurnConsumer(ConversationTurnWorker worker) : IConsumer<ConversationTurnReceived>
{
    public Task Consume(ConsumeContext<ConversationTurnReceived> context) => worker.AnswerAsync(context.Message, context.CancellationToken);
}
