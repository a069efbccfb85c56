using Handoff.Contracts;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Handoff.HandoffService.Redemption;

/// <summary>
/// The redemption's endpoint policy, in one place: its queue, how many redemptions run at once, and how long a
/// click waits for ConversationState to come back (<see cref="RedemptionOptions.RetryIntervals"/>) before the user
/// is told it failed.
/// </summary>
public sealed class HandoffRequestedConsumerDefinition : ConsumerDefinition<HandoffRequestedConsumer>
{
    /// <summary>Redemption is I/O-bound (one HTTP call): many run at once on two cores.</summary>
    public const int MostAtOnce = 64;

    private readonly TimeSpan[] _retryIntervals;

    public HandoffRequestedConsumerDefinition(IOptions<RedemptionOptions> options)
    {
        _retryIntervals = options.Value.EffectiveRetryIntervals;
        EndpointName = EndpointNames.HandoffRequests;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<HandoffRequestedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = MostAtOnce * 2;
        endpointConfigurator.ConcurrentMessageLimit = MostAtOnce;
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(_retryIntervals));
    }
}
