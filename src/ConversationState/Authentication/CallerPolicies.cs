using System.Security.Claims;
using Handoff.Contracts;
using Microsoft.AspNetCore.Authorization;

namespace Handoff.ConversationState.Authentication;

/// <summary>
/// Who may call what: the gateway everything it uses; HandoffService only what redemption needs (redeeming a token
/// and writing its steps to the journal). Every API endpoint names one of these; <c>/health</c> and <c>/alive</c> none.
/// </summary>
public static class CallerPolicies
{
    public const string Gateway = "gateway";

    public const string GatewayOrHandoffService = "gateway-or-handoffservice";

    internal static void Add(AuthorizationOptions authorization)
    {
        authorization.AddPolicy(Gateway, policy => policy.RequireClaim(ClaimTypes.Name, ResourceNames.BotGateway));
        authorization.AddPolicy(GatewayOrHandoffService, policy => policy.RequireClaim(ClaimTypes.Name, ResourceNames.BotGateway, ResourceNames.HandoffService));
    }
}
