using System.ComponentModel.DataAnnotations;

namespace Handoff.BotGateway.Handoff.Initiation;

/// <summary>Section <c>Handoff</c>: which Teams web host the handoff deep link opens.</summary>
public sealed class DeepLinkOptions : IValidatableObject
{
    public const string SectionName = "Handoff";

    /// <summary>
    /// The Teams hosts a deep link can open, per cloud: commercial and GCC (<c>teams.microsoft.com</c>, or the newer
    /// <c>teams.cloud.microsoft</c>), GCC High, DoD, and Teams operated by 21Vianet.
    /// </summary>
    public static readonly string[] KnownHosts =
    [
        HandoffDeepLink.DefaultHost,
        "teams.cloud.microsoft",
        "gov.teams.microsoft.us",
        "dod.teams.microsoft.us",
        "teams.microsoftonline.cn",
    ];

    public string DeepLinkHost { get; set; } = HandoffDeepLink.DefaultHost;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!KnownHosts.Contains(DeepLinkHost, StringComparer.OrdinalIgnoreCase))
        {
            yield return new ValidationResult(
                $"Handoff:DeepLinkHost '{DeepLinkHost}' is not a Teams host; use one of {string.Join(", ", KnownHosts)} (a host name only, no https:// or path).",
                [nameof(DeepLinkHost)]);
        }
    }
}
