using System.ComponentModel.DataAnnotations;

namespace Handoff.ServiceDefaults.StateClient;

/// <summary>
/// Section <c>ConversationState</c>: <c>CallerKey</c> is this service's own key for ConversationState's API, which the
/// AppHost generates per caller (a local run) or the cluster's Secret holds (docs/decisions/0017).
/// </summary>
public sealed class StateClientOptions
{
    public const string SectionName = "ConversationState";

    [Required(AllowEmptyStrings = false, ErrorMessage = "ConversationState:CallerKey is not set: ConversationState refuses calls without this service's key. The AppHost sets it; in a cluster it comes from the Secret.")]
    public string CallerKey { get; set; } = "";
}
