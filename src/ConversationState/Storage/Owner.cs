namespace Handoff.ConversationState.Storage;

/// <summary>Who a record belongs to: tenant and Entra object id together (the same object id in another tenant is another person).</summary>
internal static class Owner
{
    /// <summary>
    /// <c>{length of tenant}:{tenant}/{object id}</c>, lower-cased. The length prefix makes the key unambiguous whatever
    /// the ids hold: joined with a bare '/', tenant <c>T</c> + user <c>u/x</c> and tenant <c>T/u</c> + user <c>x</c>
    /// were one owner, and one could redeem the other's link.
    /// </summary>
    public static string Of(string userAadObjectId, string tenantId)
    {
        var tenant = Tenant(tenantId);
        return $"{tenant.Length}:{tenant}/{userAadObjectId.ToLowerInvariant()}";
    }

    /// <summary>The tenant part of <see cref="Of"/>, which names a tenant's own records.</summary>
    public static string Tenant(string tenantId) => tenantId.ToLowerInvariant();
}
