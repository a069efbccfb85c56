namespace Handoff.Contracts.Clients;

/// <summary>
/// How a service proves to ConversationState who it is: <c>Authorization: CallerKey {key}</c>, the key the AppHost
/// generated for that caller (a local run) or the operator put in the cluster's Secret (docs/decisions/0017).
/// </summary>
public static class CallerCredential
{
    public const string Scheme = "CallerKey";

    /// <summary>The callers ConversationState knows, by the resource names that also name their keys.</summary>
    public static IReadOnlyList<string> Callers { get; } = [ResourceNames.BotGateway, ResourceNames.HandoffService];

    /// <summary>The AppHost's secret parameter holding <paramref name="caller"/>'s key, and the Secret's key for it when published.</summary>
    public static string KeyParameter(string caller) => $"state-caller-key-{caller}";
}
