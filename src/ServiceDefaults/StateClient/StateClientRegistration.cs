using Handoff.Contracts.Clients;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.ServiceDefaults.StateClient;

public static class StateClientRegistration
{
    /// <summary>
    /// The typed <see cref="ConversationStateClient"/> at <c>http://conversationstate</c>, sending this service's caller key
    /// (validated at start) on every request.
    /// </summary>
    public static IHttpClientBuilder AddConversationStateClient(this IServiceCollection services)
    {
        services.AddValidatedOptions<StateClientOptions>(StateClientOptions.SectionName);
        services.AddTransient<CallerKeyHandler>();
        return services.AddHttpClient<ConversationStateClient>(http => http.BaseAddress = ConversationStateClient.BaseAddress)
            .AddHttpMessageHandler<CallerKeyHandler>();
    }
}
