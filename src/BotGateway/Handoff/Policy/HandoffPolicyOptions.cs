using System.ComponentModel.DataAnnotations;

namespace Handoff.BotGateway.Handoff.Policy;

/// <summary>Section <c>Handoff</c>: organisational policy for who may hand off, and where users are sent back to.</summary>
public sealed class HandoffPolicyOptions
{
    public const string SectionName = "Handoff";

    /// <summary>Tenants whose users may use the bot; empty means the bot's own tenant when it is single-tenant, else every tenant (see <see cref="TenantPolicy"/>).</summary>
    public List<string> AllowedTenants { get; set; } = [];

    /// <summary>Where "Open Copilot" buttons lead.</summary>
    public string CopilotUrl { get; set; } = "https://m365.cloud.microsoft/chat";

    /// <summary>
    /// How long after a click the user waits before a typing indicator is considered (then only if nothing about a
    /// handoff was decided in the chat meanwhile). 1 s: under it a wait does not break the user's flow, and a quick
    /// welcome costs one connector call.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:10")]
    public TimeSpan TypingDelay { get; set; } = TimeSpan.FromSeconds(1);
}
