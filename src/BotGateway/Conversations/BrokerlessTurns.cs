using Handoff.Contracts.Events;

namespace Handoff.BotGateway.Conversations;

/// <summary>
/// Turns RabbitMQ did not take, answered by this gateway in the background, each once (the same claim as on RabbitMQ),
/// until the gateway stops. Nothing parks them: a gateway that dies meanwhile loses them, as it would lose the request.
/// </summary>
public sealed class BrokerlessTurns(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, ILogger<BrokerlessTurns> logger)
{
    public void Answer(ConversationTurnReceived turn) => _ = AnswerAsync(turn);

    private async Task AnswerAsync(ConversationTurnReceived turn)
    {
        await Task.Yield();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ConversationTurnWorker>().AnswerAsync(turn, lifetime.ApplicationStopping);
        }
        catch (Exception exception)
        {
            TurnLog.BrokerlessFailed(logger, turn.CorrelationId, exception.Message);
        }
    }
}
