using System.ComponentModel.DataAnnotations;
using Handoff.Contracts;

namespace Handoff.BotGateway.Conversations;

/// <summary>Section <c>Turns</c>: where the gateway queues the turns it takes in.</summary>
public sealed class ConversationTurnOptions
{
    public const string SectionName = "Turns";

    /// <summary>
    /// The RabbitMQ queue turns are sent to and answered from, shared by the gateway's replicas. Another name keeps two
    /// gateways on one broker (two bots, or two tests) apart; the AppHost's broker user allows only the default.
    /// </summary>
    [Required, RegularExpression("^[a-z0-9][a-z0-9.-]{0,99}$")]
    public string Queue { get; set; } = EndpointNames.ConversationTurns;
}
