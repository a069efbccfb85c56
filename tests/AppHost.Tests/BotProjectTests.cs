using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Handoff.AppHost.CommandLine;
using Handoff.AppHost.Services;
using Handoff.Contracts;

namespace Handoff.AppHost.Tests;

/// <summary>The project the <c>--bot</c> switch runs as the bot resource, in the AppHost's model.</summary>
public sealed class BotProjectTests
{
    [Theory]
    [InlineData(BotProject.Gateway, "src/BotGateway/BotGateway.csproj")]
    [InlineData(BotProject.TicketDesk, "samples/TicketDesk/TicketDesk.csproj")]
    public void The_switch_picks_the_project_that_runs_as_the_one_bot_resource(BotProject bot, string project)
    {
        var builder = DistributedApplication.CreateBuilder([]);

        var resource = builder.AddBotProject(bot).Resource;

        Assert.Equal(ResourceNames.BotGateway, resource.Name);
        Assert.EndsWith(project, resource.GetProjectMetadata().ProjectPath.Replace('\\', '/'), StringComparison.Ordinal);
        Assert.True(File.Exists(resource.GetProjectMetadata().ProjectPath), resource.GetProjectMetadata().ProjectPath);
    }
}
