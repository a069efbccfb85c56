using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Handoff.AppHost.Brokers.Provisioning;

public static class BeforeEachStartExtensions
{
    /// <summary>
    /// Runs <paramref name="prepare"/> before every start of the resource (the first, a restart after a crash, a start
    /// from the dashboard), writing to the resource's own log in the dashboard; a failure stops that start with its reason.
    /// </summary>
    public static IResourceBuilder<T> BeforeEachStart<T>(this IResourceBuilder<T> builder, Func<T, Action<string>, CancellationToken, Task> prepare)
        where T : IResource
    {
        builder.ApplicationBuilder.Eventing.Subscribe<BeforeResourceStartedEvent>(builder.Resource, async (@event, cancellationToken) =>
        {
            var logger = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(@event.Resource);
            await prepare(builder.Resource, line => logger.LogInformation("{Line}", line), cancellationToken);
        });
        return builder;
    }
}
