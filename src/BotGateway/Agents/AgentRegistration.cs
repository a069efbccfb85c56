using Handoff.BotGateway.Agents.ChatModel;
using Handoff.BotGateway.Agents.GuidedSteps;
using Handoff.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Handoff.BotGateway.Agents;

public static class AgentRegistration
{
    /// <summary>
    /// Answers conversation turns with <typeparamref name="TAgent"/> instead of the gateway's own agent, whether called
    /// before or after the gateway's registrations. One agent per gateway; it is resolved once per turn.
    /// </summary>
    public static IServiceCollection AddConversationAgent<TAgent>(this IServiceCollection services)
        where TAgent : class, IConversationAgent
    {
        services.RemoveAll<IConversationAgent>();
        services.AddTransient<IConversationAgent, TAgent>();
        return services;
    }

    /// <summary>
    /// The gateway's own agent, unless one was registered: the chat model when <c>ConnectionStrings:chat</c> is set
    /// (<see cref="ChatConnectionString"/>), else the offline <see cref="GuidedStepsAgent"/>, which needs nothing.
    /// </summary>
    internal static void AddDefaultConversationAgent(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ChatModelOptions>(ChatModelOptions.SectionName);
        builder.Services.AddSingleton<AgentMetrics>();
        if (builder.Configuration.GetConnectionString(ChatConnectionString.Name) is { } value)
        {
            // Read now, so a bad value stops the gateway at start with the key it lacks, not at the first turn.
            var chat = ChatConnectionString.Parse(value);
            builder.Services.TryAddSingleton<Microsoft.Extensions.AI.IChatClient>(services => ChatClientFactory.Create(chat, services));
            builder.Services.TryAddTransient<IConversationAgent, ChatModelAgent>();
        }
        else
        {
            builder.Services.TryAddTransient<IConversationAgent, GuidedStepsAgent>();
        }
    }
}
