using System.ComponentModel.DataAnnotations;

namespace Handoff.BotGateway.Admin;

/// <summary>
/// Section <c>Admin</c>: the admin API is off unless an API key is configured (a secret, at least 32 characters);
/// the handoff diagnostics endpoint also needs <see cref="HandoffDiagnostics"/> outside Development.
/// </summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    [MinLength(32)]
    public string? ApiKey { get; set; }

    /// <summary><c>GET /admin/handoffs/{reference}</c>: unset means on in Development only.</summary>
    public bool? HandoffDiagnostics { get; set; }
}
