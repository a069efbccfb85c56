using Handoff.BotGateway.BotFramework.Authentication;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Handoff.Policy;

/// <summary>
/// The tenant allow-list: an organisation can limit the bot to its own tenants. Unset, a single-tenant bot (one whose
/// registration names its tenant, by the classic keys or the Agents SDK's: <see cref="BotIdentityOptions.RegistrationTenantId"/>)
/// accepts only that tenant, so no other organisation can fill its storage; a multi-tenant bot, and development mode,
/// accept every tenant.
/// </summary>
public sealed class TenantPolicy(IOptionsMonitor<HandoffPolicyOptions> options, IOptions<BotIdentityOptions> identity)
{
    public bool IsAllowed(string tenantId)
    {
        var allowed = options.CurrentValue.AllowedTenants;
        if (allowed.Count > 0)
        {
            return allowed.Contains(tenantId, StringComparer.OrdinalIgnoreCase);
        }

        var bot = identity.Value;
        return bot.IsDevelopmentMode || bot.RegistrationTenantId is not { } own
               || string.Equals(own, tenantId, StringComparison.OrdinalIgnoreCase);
    }
}
