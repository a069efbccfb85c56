using Handoff.Contracts.Clients;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Handoff.ServiceDefaults.Diagnostics;

public static class HandoffJournalRegistration
{
    /// <summary>The journal writer and its background flusher; the caller registers <see cref="ConversationStateClient"/>.</summary>
    public static IServiceCollection AddHandoffJournal(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<HandoffJournalWriter>();
        services.AddHostedService<HandoffJournalFlusher>();
        return services;
    }
}
