namespace Handoff.BotGateway.Agents.ChatModel;

/// <summary>Which client talks to the model: <c>Provider=</c> in the connection string, or inferred from its endpoint.</summary>
public enum ChatProvider
{
    /// <summary>OpenAI, or any server that speaks its <c>/v1/chat/completions</c> (vLLM, LM Studio, a stand-in).</summary>
    OpenAI,
    AzureOpenAI,
    Ollama,
}
