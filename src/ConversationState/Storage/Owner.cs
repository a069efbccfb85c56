namespace Handoff.ConversationState.Storage;

/// <summary>Who a record belongs to: tenant and Entra object id together (the same object id in another tenant is another person).</summary>
internal static class Owner
{
    public static string Of(string userAadObjectId, string tenantId) =>
        $"{Tenant(tenantId)}/{userAadObjectId.ToLowerInvariant()}";

    /// <summary>The tenant part of <see cref="Of"/>, which names a tenant's own records.</summary>
    public static string Tenant(string tenantId) => tenantId.ToLowerInvariant();
}
