namespace Handoff.BotGateway.BotFramework.Activities;

/// <summary>Who sent an activity, as handoff tokens are bound to it: the user's Entra object id and tenant.</summary>
public sealed record TeamsUser(string AadObjectId, string TenantId)
{
    public const string DevelopmentTenant = "development";

    /// <summary>
    /// Teams always sends <c>from.aadObjectId</c> and <c>channelData.tenant.id</c>. Local clients (the Emulator)
    /// may not: in development mode only, the channel user id and a fixed tenant stand in.
    /// </summary>
    public static bool TryResolve(IncomingActivity activity, bool developmentMode, out TeamsUser user, out string error)
    {
        user = new TeamsUser("", "");
        if (activity.From is not { } from)
        {
            error = "from is required: the activity names no user.";
            return false;
        }

        var aadObjectId = string.IsNullOrWhiteSpace(from.AadObjectId) ? (developmentMode ? $"dev:{from.Id}" : null) : from.AadObjectId;
        var tenantId = string.IsNullOrWhiteSpace(activity.TenantId) ? (developmentMode ? DevelopmentTenant : null) : activity.TenantId;
        if (aadObjectId is null)
        {
            error = "from.aadObjectId is required: handoffs are bound to the user's Entra object id.";
            return false;
        }

        if (tenantId is null)
        {
            error = "channelData.tenant.id (or conversation.tenantId) is required: handoffs are bound to the tenant.";
            return false;
        }

        // Outside development mode the ids are Entra's: anything but a GUID is not from Teams, and would only make
        // owner keys out of text a caller chose.
        if (!developmentMode && !IsEntraId(aadObjectId))
        {
            error = "from.aadObjectId must be an Entra object id, a GUID (00000000-0000-0000-0000-000000000000).";
            return false;
        }

        if (!developmentMode && !IsEntraId(tenantId))
        {
            error = "channelData.tenant.id (or conversation.tenantId) must be an Entra tenant id, a GUID (00000000-0000-0000-0000-000000000000).";
            return false;
        }

        user = new TeamsUser(aadObjectId, tenantId);
        error = "";
        return true;
    }

    /// <summary>An Entra object or tenant id as Teams sends it: a GUID in its hyphenated form.</summary>
    public static bool IsEntraId(string id) => Guid.TryParseExact(id, "D", out _);

}
