using Handoff.BotGateway.Agents.ChatModel;

namespace Handoff.BotGateway.Tests.Agents;

public sealed class ChatConnectionStringTests
{
    [Fact]
    public void An_OpenAI_compatible_endpoint_with_a_key_and_a_model()
    {
        var chat = ChatConnectionString.Parse("Endpoint=http://127.0.0.1:5000/v1;Key=sk-test;Model=gpt-4o-mini");

        Assert.Equal(new ChatConnectionString(ChatProvider.OpenAI, new Uri("http://127.0.0.1:5000/v1"), "sk-test", "gpt-4o-mini"), chat);
    }

    [Fact]
    public void An_endpoint_on_openai_azure_com_is_Azure_OpenAI_and_names_its_deployment()
    {
        var chat = ChatConnectionString.Parse("Endpoint=https://contoso.openai.azure.com/;Key=k;Deployment=chat-4o");

        Assert.Equal(ChatProvider.AzureOpenAI, chat.Provider);
        Assert.Equal("chat-4o", chat.Model);
    }

    [Theory]
    [InlineData("Provider=ollama;Endpoint=http://127.0.0.1:11434;Model=llama3.2", ChatProvider.Ollama)]
    [InlineData("provider=AzureOpenAI;endpoint=https://private.example/;key=k;model=gpt", ChatProvider.AzureOpenAI)]
    [InlineData("Key=sk-live;Model=gpt-4o-mini", ChatProvider.OpenAI)]
    public void The_provider_may_be_named_and_keys_are_case_insensitive(string value, ChatProvider provider) =>
        Assert.Equal(provider, ChatConnectionString.Parse(value).Provider);

    [Theory]
    [InlineData("Endpoint=http://127.0.0.1:5000/v1;Key=k", "Model is missing")]
    [InlineData("Endpoint=https://contoso.openai.azure.com/;Key=k", "Deployment is missing")]
    [InlineData("Endpoint=https://contoso.openai.azure.com/;Deployment=d", "Key is missing")]
    [InlineData("Model=gpt-4o-mini", "Key is missing")]
    [InlineData("Provider=ollama;Model=llama3.2", "Endpoint is missing")]
    [InlineData("Endpoint=127.0.0.1:5000;Key=k;Model=m", "Endpoint must be an absolute http or https address")]
    [InlineData("Endpoint=http://h/v1;Key=k;Model=m;Provider=bard", "Provider must be openai, azureopenai or ollama")]
    [InlineData("Endpoint=http://h/v1;Key=k;Modle=m", "'Modle' is not one of its keys")]
    public void A_bad_value_names_what_is_missing_or_wrong(string value, string reason)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => ChatConnectionString.Parse(value));

        Assert.Contains(reason, exception.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("ConnectionStrings:chat", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_key_never_shows_in_the_message()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => ChatConnectionString.Parse("Key=sk-secret-value;Endpoint=nope"));

        Assert.DoesNotContain("sk-secret-value", exception.Message, StringComparison.Ordinal);
    }
}
