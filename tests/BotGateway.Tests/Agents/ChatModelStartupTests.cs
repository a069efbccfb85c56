using Handoff.TestSupport;
using Handoff.BotGateway.Agents;
using Handoff.BotGateway.Agents.ChatModel;
using Handoff.BotGateway.Agents.GuidedSteps;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.BotGateway.Tests.Agents;

/// <summary>Which agent the gateway starts with, from its configuration alone; nothing is sent to a model here.</summary>
public sealed class ChatModelStartupTests
{
    [Fact]
    public void A_bad_chat_connection_string_stops_the_gateway_at_start_naming_the_missing_key()
    {
        using var factory = Gateway("Endpoint=http://127.0.0.1:9/v1;Key=k");

        var failure = Assert.Throws<InvalidOperationException>(() => factory.Server);

        Assert.Contains("Model is missing", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_chat_connection_string_the_model_answers_through_an_instrumented_client()
    {
        using var factory = Gateway("Endpoint=http://127.0.0.1:9/v1;Key=k;Model=gpt-4o-mini");
        using var scope = factory.Services.CreateScope();

        Assert.IsType<ChatModelAgent>(scope.ServiceProvider.GetRequiredService<IConversationAgent>());
        var client = factory.Services.GetRequiredService<IChatClient>();
        Assert.NotNull(client.GetService<OpenTelemetryChatClient>());
        Assert.Equal("gpt-4o-mini", client.GetService<ChatClientMetadata>()?.DefaultModelId);
    }

    [Fact]
    public void Without_one_the_guided_steps_answer_and_no_model_client_exists()
    {
        using var factory = Gateway(chat: null);
        using var scope = factory.Services.CreateScope();

        Assert.IsType<GuidedStepsAgent>(scope.ServiceProvider.GetRequiredService<IConversationAgent>());
        Assert.Null(factory.Services.GetService<IChatClient>());
    }

    private static WebApplicationFactory<Program> Gateway(string? chat) => new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
    {
        web.UseEnvironment("Development");
        // Read at registration, never connected to here.
        web.UseSetting("ConnectionStrings:rabbitmq", "amqp://guest:guest@127.0.0.1:1/");
        web.UseSetting("services:conversationstate:http:0", "http://127.0.0.1:9");
        web.WithUncheckedStateCallerKey();
        if (chat is not null)
        {
            web.UseSetting("ConnectionStrings:chat", chat);
        }
    });
}
