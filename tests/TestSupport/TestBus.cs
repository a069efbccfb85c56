using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Handoff.TestSupport;

/// <summary>A MassTransit bus of the test's own on the system's RabbitMQ: to publish events as a service would, or to watch them.</summary>
public sealed class TestBus : IAsyncDisposable
{
    private readonly IHost _host;

    private TestBus(IHost host) => _host = host;

    public IPublishEndpoint Publisher => _host.Services.GetRequiredService<IPublishEndpoint>();

    /// <param name="rabbitMq">An <c>amqp://</c> URI; guest/guest when it names no user.</param>
    /// <param name="observe">Consumers to add on a temporary queue of the test's own.</param>
    public static async Task<TestBus> StartAsync(string rabbitMq, Action<IServiceCollection, IBusRegistrationConfigurator>? observe = null)
    {
        var uri = new Uri(rabbitMq);
        var credentials = uri.UserInfo.Split(':', 2);
        var host = Host.CreateDefaultBuilder().ConfigureServices(services =>
        {
            services.AddMassTransit(bus =>
            {
                observe?.Invoke(services, bus);
                bus.UsingRabbitMq((context, rabbit) =>
                {
                    rabbit.Host(uri.Host, (ushort)uri.Port, "/", h =>
                    {
                        h.Username(credentials[0] is { Length: > 0 } user ? user : "guest");
                        h.Password(credentials.Length > 1 ? credentials[1] : "guest");
                    });
                    if (observe is not null)
                    {
                        rabbit.ReceiveEndpoint($"test-observer-{Guid.NewGuid():N}", endpoint =>
                        {
                            endpoint.AutoDelete = true;
                            endpoint.ConfigureConsumers(context);
                        });
                    }
                });
            });
        }).Build();
        await host.StartAsync();
        await host.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        return new TestBus(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
