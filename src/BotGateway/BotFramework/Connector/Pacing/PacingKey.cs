namespace Handoff.BotGateway.BotFramework.Connector.Pacing;

/// <summary>Whose limits a send counts against: its tenant's and its conversation's.</summary>
/// <param name="TenantId">Null or empty for a send with no tenant: those share one bucket of their own.</param>
public sealed record PacingKey(string? TenantId, string ConversationId)
{
    /// <summary>The tenant's bucket; sends without a tenant share <c>(none)</c>, which no Entra tenant id can be.</summary>
    public string Tenant => string.IsNullOrEmpty(TenantId) ? "(none)" : TenantId;
}
