using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Handoff.ServiceDefaults;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OpenAI;

namespace Handoff.BotGateway.Agents.ChatModel;

/// <summary>
/// The <see cref="IChatClient"/> for <c>ConnectionStrings:chat</c>, with logging and OpenTelemetry (spans and metrics under
/// the <c>Handoff</c> source, without the messages' text). Aspire's <c>Aspire.OpenAI</c> and <c>Aspire.Azure.AI.OpenAI</c>
/// would do this, but this feed serves neither (docs/decisions/0024): same connection string, built here.
/// The SDKs' own retries are off: <see cref="ChatModelAgent"/> retries, the same way for every provider, within the turn's budget.
/// </summary>
public static class ChatClientFactory
{
    public static IChatClient Create(ChatConnectionString chat, IServiceProvider services)
    {
        var inner = chat.Provider switch
        {
            ChatProvider.AzureOpenAI => new AzureOpenAIClient(chat.Endpoint!, new ApiKeyCredential(chat.Key!),
                    new AzureOpenAIClientOptions { RetryPolicy = new ClientRetryPolicy(maxRetries: 0) })
                .GetChatClient(chat.Model).AsIChatClient(),
            ChatProvider.Ollama => new OllamaApiClient(new HttpClient { BaseAddress = chat.Endpoint, Timeout = Timeout.InfiniteTimeSpan }, chat.Model),
            // An OpenAI-compatible server may want no key; the SDK wants one all the same.
            _ => new OpenAI.Chat.ChatClient(chat.Model, new ApiKeyCredential(chat.Key ?? "none"),
                new OpenAIClientOptions { Endpoint = chat.Endpoint, RetryPolicy = new ClientRetryPolicy(maxRetries: 0) }).AsIChatClient(),
        };
        var loggers = services.GetRequiredService<ILoggerFactory>();
        return new ChatClientBuilder(inner)
            .UseLogging(loggers)
            .UseOpenTelemetry(loggers, HandoffTelemetry.ActivitySourceName)
            .Build(services);
    }
}
