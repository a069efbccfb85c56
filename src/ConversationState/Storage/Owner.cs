namespace Handoff.ConversationState.Storage;

/// <summary>Who a record belongs to: tenant and Entra object id together (the same object id in another tenant is another person).</summary>
internal static class Owner
{
    public static string Of(string userAadObjectId, string tenantId) =>
        $"{tenantId.ToLowerInvariant()}/{userAadObjectId.ToLowerInvariant()}";
}
