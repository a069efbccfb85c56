using Handoff.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Handoff.ServiceDefaults.Tests;

/// <summary>
/// A host wired the way the services wire theirs (<see cref="MessagingRegistration.AddMessaging"/>), with a
/// <see cref="ProbeConsumer"/> on a durable receive endpoint when <c>queue</c> is given, or only a publisher.
/// </summary>
public static class MessagingHost
{
    public const string ConnectionName = "rabbitmq";

    public static async Task<IHost> StartAsync(string connectionString, string? queue, ConsumedMessages? consumed = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration[$"ConnectionStrings:{ConnectionName}"] = connectionString;
        builder.Services.AddFakeLogging();
        builder.Services.AddSingleton(consumed ?? new ConsumedMessages());
        builder.AddMessaging(ConnectionName,
            bus =>
            {
                if (queue is not null)
                {
                    bus.AddConsumer<ProbeConsumer>();
                }
            },
            (context, rabbit) =>
            {
                if (queue is not null)
                {
                    rabbit.DurableReceiveEndpoint(context, queue, endpoint => endpoint.ConfigureConsumer<ProbeConsumer>(context));
                }
            });
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        var health = await host.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        Assert.True(health == BusHealthStatus.Healthy, $"the bus did not become healthy on {connectionString}");
        return host;
    }
}
