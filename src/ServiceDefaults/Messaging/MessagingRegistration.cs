using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Handoff.ServiceDefaults.Messaging;

public static class MessagingRegistration
{
    /// <summary>
    /// MassTransit on the RabbitMQ named by <c>ConnectionStrings:{name}</c> (an <c>amqp://user:pass@host:port/vhost</c>
    /// URI, Aspire's form). Publisher confirms are on, so an awaited Publish means the broker has the message.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging(
        this IHostApplicationBuilder builder,
        string name,
        Action<IBusRegistrationConfigurator> registerConsumers,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator> configureEndpoints)
    {
        var connectionString = builder.Configuration.GetConnectionString(name);
        if (string.IsNullOrWhiteSpace(connectionString) || !Uri.TryCreate(connectionString, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("amqp" or "amqps"))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{name} must be an amqp:// URI (got '{connectionString}'). Start the system with " +
                $"'dotnet run --project src/AppHost', or set ConnectionStrings__{name}=amqp://guest:guest@127.0.0.1:5672/.");
        }

        builder.Services.AddMassTransit(bus =>
        {
            registerConsumers(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                var credentials = Uri.UnescapeDataString(uri.UserInfo).Split(':', 2);
                var virtualHost = uri.AbsolutePath is "" or "/" ? "/" : Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
                rabbit.Host(uri.Host, (ushort)(uri.Port > 0 ? uri.Port : uri.Scheme == "amqps" ? 5671 : 5672), virtualHost, host =>
                {
                    host.Username(credentials.ElementAtOrDefault(0) is { Length: > 0 } user ? user : "guest");
                    host.Password(credentials.ElementAtOrDefault(1) ?? "guest");
                    host.PublisherConfirmation = true;
                    if (uri.Scheme == "amqps")
                    {
                        host.UseSsl(ssl => ssl.ServerName = uri.Host);
                    }
                });
                configureEndpoints(context, rabbit);
            });
        });
        return builder;
    }
}
