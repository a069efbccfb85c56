using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Handoff.AppHost.CommandLine;
using Handoff.Contracts;

namespace Handoff.AppHost.Services;

public static class BotProjectExtensions
{
    /// <summary>
    /// The bot resource, <c>botgateway</c>, run from the project <paramref name="bot"/> names: whichever it is, Teams,
    /// the tests and the other services see the same resource, and the AppHost wires it the same way.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddBotProject(this IDistributedApplicationBuilder builder, BotProject bot) => bot switch
    {
        BotProject.TicketDesk => builder.AddProject<Projects.TicketDesk>(ResourceNames.BotGateway),
        _ => builder.AddProject<Projects.BotGateway>(ResourceNames.BotGateway),
    };
}
