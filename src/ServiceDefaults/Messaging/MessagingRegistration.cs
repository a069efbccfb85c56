using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Handoff.ServiceDefaults.Messaging;

public static class MessagingRegistration
{
    /// <summary>
    /// MassTransit on the RabbitMQ named by <c>ConnectionStrings:{name}</c>: one node (<c>amqp://user:pass@host:port/vhost</c>,
    /// Aspire's form) or a cluster (<c>amqp://user:pass@host1:5672,host2:5673,host3:5674/vhost</c>, see
    /// <see cref="RabbitMqConnectionString"/>), where a lost connection moves on to the next node. Publisher confirms are on,
    /// so an awaited Publish means the broker has the message. Receive endpoints declared with
    /// <see cref="DurableReceiveEndpoints.DurableReceiveEndpoint"/> are quorum queues.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging(
        this IHostApplicationBuilder builder,
        string name,
        Action<IBusRegistrationConfigurator> registerConsumers,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator> configureEndpoints)
    {
        var broker = ReadConnectionString(builder.Configuration, name);
        builder.Services.AddSingleton(serviceProvider => ActivatorUtilities.CreateInstance<ClassicQueueGuard>(serviceProvider, broker));
        builder.Services.AddMassTransit(bus =>
        {
            registerConsumers(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                var first = broker.Nodes[0];
                rabbit.Host(first.Host, (ushort)first.Port, broker.VirtualHost, host =>
                {
                    host.Username(broker.UserName);
                    host.Password(broker.Password);
                    host.PublisherConfirmation = true;
                    if (broker.UseTls)
                    {
                        host.UseSsl(ssl => ssl.ServerName = first.Host);
                    }

                    if (broker.IsCluster)
                    {
                        host.UseCluster(cluster =>
                        {
                            foreach (var node in broker.Nodes)
                            {
                                cluster.Node(node.ToString());
                            }
                        });
                    }
                });
                configureEndpoints(context, rabbit);
            });
        });
        return builder;
    }

    public static RabbitMqConnectionString ReadConnectionString(IConfiguration configuration, string name)
    {
        var value = configuration.GetConnectionString(name);
        return RabbitMqConnectionString.TryParse(value, out var broker, out var error)
            ? broker
            : throw new InvalidOperationException(
                $"ConnectionStrings:{name} is not a RabbitMQ connection string: {error} (got '{Redact(value)}'). The form is " +
                $"{RabbitMqConnectionString.Format}. Start the system with 'dotnet run --project src/AppHost', or set " +
                $"ConnectionStrings__{name}=amqp://guest:guest@127.0.0.1:5672/.");
    }

    // The value may hold a password: show what is around it, never the password itself.
    private static string? Redact(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var at = value.LastIndexOf('@');
        var schemeEnd = value.IndexOf("://", StringComparison.Ordinal);
        var colon = schemeEnd < 0 || at < 0 ? -1 : value.IndexOf(':', schemeEnd + 3);
        return colon >= 0 && colon < at ? $"{value[..(colon + 1)]}***{value[at..]}" : value;
    }
}
