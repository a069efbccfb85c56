using Handoff.Contracts.Clients;
using Handoff.ServiceDefaults.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.ServiceDefaults.StateClient;

public static class StateClientRegistration
{
    /// <summary>
    /// The typed <see cref="ConversationStateClient"/> at <c>http://conversationstate</c> (an in-cluster client: no resilience pipeline), sending this service's caller key
    /// (validated at start) on every request.
    /// </summary>
    public static IHttpClientBuilder AddConversationStateClient(this IServiceCollection services)
    {
        services.AddValidatedOptions<StateClientOptions>(StateClientOptions.SectionName);
        services.AddTransient<CallerKeyHandler>();
        return services.AddInClusterHttpClient<ConversationStateClient>(ConversationStateClient.BaseAddress)
            .AddHttpMessageHandler<CallerKeyHandler>();
    }
}
