using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Handoff.Policy;

/// <summary>The tenant allow-list: an organisation can limit the bot to its own tenants.</summary>
public sealed class TenantPolicy(IOptionsMonitor<HandoffPolicyOptions> options)
{
    public bool IsAllowed(string tenantId)
    {
        var allowed = options.CurrentValue.AllowedTenants;
        return allowed.Count == 0 || allowed.Contains(tenantId, StringComparer.OrdinalIgnoreCase);
    }
}
