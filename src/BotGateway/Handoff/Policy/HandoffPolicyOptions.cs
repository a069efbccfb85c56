namespace Handoff.BotGateway.Handoff.Policy;

/// <summary>Section <c>Handoff</c>: organisational policy for who may hand off, and where users are sent back to.</summary>
public sealed class HandoffPolicyOptions
{
    public const string SectionName = "Handoff";

    /// <summary>Tenants whose users may use the bot; empty means every tenant.</summary>
    public List<string> AllowedTenants { get; set; } = [];

    /// <summary>Where "Open Copilot" buttons lead.</summary>
    public string CopilotUrl { get; set; } = "https://m365.cloud.microsoft/chat";
}
