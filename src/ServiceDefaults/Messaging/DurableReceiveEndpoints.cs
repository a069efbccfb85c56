using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.ServiceDefaults.Messaging;

public static class DurableReceiveEndpoints
{
    /// <summary>
    /// A receive endpoint on a quorum queue, replicated over the cluster's nodes so that losing one loses no message.
    /// Its <c>_error</c> and <c>_skipped</c> queues take the same arguments, so they are quorum queues too. MassTransit's
    /// in-memory <c>UseMessageRetry</c> works unchanged; we use no broker-side delayed redelivery (it would need the
    /// delayed-message plugin). A queue that already exists as a classic queue stays classic (<see cref="ClassicQueueGuard"/>).
    /// </summary>
    public static void DurableReceiveEndpoint(this IRabbitMqBusFactoryConfigurator rabbit, IBusRegistrationContext context, string queue,
        Action<IRabbitMqReceiveEndpointConfigurator> configure)
    {
        // MassTransit configures the bus synchronously while the host starts; the check is bounded by its own timeout.
        var classic = context.GetRequiredService<ClassicQueueGuard>().IsClassicAsync(queue, CancellationToken.None).GetAwaiter().GetResult();
        rabbit.ReceiveEndpoint(queue, endpoint =>
        {
            if (!classic)
            {
                endpoint.SetQuorumQueue();
            }

            configure(endpoint);
        });
    }
}
