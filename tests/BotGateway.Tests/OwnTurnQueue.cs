using Handoff.BotGateway.Conversations;
using Microsoft.AspNetCore.Hosting;

namespace Handoff.BotGateway.Tests;

internal static class OwnTurnQueue
{
    /// <summary>
    /// The tests' gateways share one RabbitMQ: each gets its own turns' queue, so no gateway answers (or, disposed,
    /// fails to answer) another test's turns.
    /// </summary>
    public static IWebHostBuilder WithOwnTurnQueue(this IWebHostBuilder web) =>
        web.UseSetting($"{ConversationTurnOptions.SectionName}:{nameof(ConversationTurnOptions.Queue)}", $"test-turns.{Guid.NewGuid():N}");
}
