using System.Data.Common;
using Handoff.Contracts;

namespace Handoff.BotGateway.Agents.ChatModel;

/// <summary>
/// <c>ConnectionStrings:chat</c>, as Aspire's AI integrations spell it: <c>Endpoint=…;Key=…;Model=…</c>, or
/// <c>Deployment=…</c> for Azure OpenAI. <c>Provider=openai|azureopenai|ollama</c> is optional: an endpoint on
/// <c>*.openai.azure.com</c> is Azure OpenAI, anything else is OpenAI-compatible (without an endpoint: api.openai.com).
/// </summary>
public sealed record ChatConnectionString(ChatProvider Provider, Uri? Endpoint, string? Key, string Model)
{
    public const string Name = ResourceNames.Chat;

    private static readonly string[] KnownKeys = ["Endpoint", "Key", "Model", "Deployment", "Provider"];

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the key that is missing or wrong; never shows the key's value.</summary>
    public static ChatConnectionString Parse(string value)
    {
        var parts = new DbConnectionStringBuilder();
        try
        {
            parts.ConnectionString = value;
        }
        catch (ArgumentException exception)
        {
            throw Invalid($"it is not a list of Key=value pairs separated by ';' ({exception.Message})");
        }

        if (parts.Keys.Cast<string>().FirstOrDefault(key => !KnownKeys.Contains(key, StringComparer.OrdinalIgnoreCase)) is { } unknown)
        {
            throw Invalid($"'{unknown}' is not one of its keys ({string.Join(", ", KnownKeys)})");
        }

        var endpoint = Read(parts, "Endpoint") is { } endpointText ? ParseEndpoint(endpointText) : null;
        var provider = Read(parts, "Provider") is { } providerText ? ParseProvider(providerText) : Infer(endpoint);
        var key = Read(parts, "Key");
        var model = provider == ChatProvider.AzureOpenAI
            ? Read(parts, "Deployment") ?? Read(parts, "Model") ?? throw Invalid("Deployment is missing: Azure OpenAI needs the name of the model's deployment")
            : Read(parts, "Model") ?? Read(parts, "Deployment") ?? throw Invalid("Model is missing: name the model to use, e.g. Model=gpt-4o-mini");
        switch (provider)
        {
            case ChatProvider.AzureOpenAI or ChatProvider.Ollama when endpoint is null:
                throw Invalid($"Endpoint is missing: {provider} has no default address");
            case ChatProvider.AzureOpenAI when key is null:
                throw Invalid("Key is missing: Azure OpenAI needs the resource's key");
            case ChatProvider.OpenAI when key is null && endpoint is null:
                throw Invalid("Key is missing: api.openai.com needs an API key (or give the Endpoint of an OpenAI-compatible server)");
        }

        return new ChatConnectionString(provider, endpoint, key, model);
    }

    private static string? Read(DbConnectionStringBuilder parts, string key) =>
        parts.TryGetValue(key, out var value) && value is string text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    private static Uri ParseEndpoint(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https"
            ? endpoint
            : throw Invalid($"Endpoint must be an absolute http or https address (got '{text}')");

    private static ChatProvider ParseProvider(string text) => text.ToLowerInvariant() switch
    {
        "openai" => ChatProvider.OpenAI,
        "azureopenai" or "azure" => ChatProvider.AzureOpenAI,
        "ollama" => ChatProvider.Ollama,
        _ => throw Invalid($"Provider must be openai, azureopenai or ollama (got '{text}')"),
    };

    private static ChatProvider Infer(Uri? endpoint) =>
        endpoint is not null && endpoint.Host.EndsWith(".openai.azure.com", StringComparison.OrdinalIgnoreCase) ? ChatProvider.AzureOpenAI : ChatProvider.OpenAI;

    private static InvalidOperationException Invalid(string reason) =>
        new($"ConnectionStrings:{Name} is not a chat model's connection string: {reason}. The form is Endpoint=https://…;Key=…;Model=… " +
            "(Deployment=… for Azure OpenAI; optional Provider=openai|azureopenai|ollama). Without it the gateway answers with its guided steps.");
}
