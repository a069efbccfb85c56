using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Handoff.AppHost.Services;

public static class BotEndpointExtensions
{
    public const string MessagesPath = "/api/messages";

    /// <summary>
    /// The address Teams (or the Agents Playground) calls, <c>{endpoint}/api/messages</c>: a link on the gateway in the
    /// dashboard, and one line on the AppHost's console once the gateway is healthy.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithBotEndpointUrl(this IResourceBuilder<ProjectResource> gateway)
    {
        gateway.WithUrls(context =>
        {
            if (context.GetEndpoint("http") is not { } endpoint)
            {
                return;
            }

            context.Urls.Add(new ResourceUrlAnnotation { Url = endpoint.Url + MessagesPath, DisplayText = "Bot endpoint", Endpoint = endpoint });
        });
        gateway.OnResourceReady((resource, @event, _) =>
        {
            var url = resource.GetEndpoint("http").Url + MessagesPath;
            @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Handoff.AppHost").LogInformation("Bot endpoint: {Url}", url);
            return Task.CompletedTask;
        });
        return gateway;
    }
}
