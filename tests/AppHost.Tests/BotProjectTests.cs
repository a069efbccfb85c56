using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Handoff.AppHost.CommandLine;
using Handoff.AppHost.Services;
using Handoff.Contracts;
using Handoff.TestSupport;

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

    [Fact]
    public async Task Published_with_the_sample_as_the_bot_the_botgateway_image_is_built_from_the_sample_project()
    {
        var directory = TestDirectories.Create("publish-bot");
        try
        {
            var (exitCode, output, error) = await AppHostPublish.RunAsync(["publish", "--output", directory, "--bot", "ticket-desk"], PublishedDeployment.SecretValues);

            Assert.True(exitCode == 0, $"publish exited {exitCode}: {output}{error}");
            var lines = File.ReadAllLines(Path.Combine(directory, "docker", $"{ResourceNames.BotGateway}.Dockerfile"));
            Assert.Contains("RUN dotnet publish samples/TicketDesk/TicketDesk.csproj -c Release --no-restore -o /app/publish", lines);
            Assert.Contains("COPY src/BotGateway/ src/BotGateway/", lines);
            Assert.Contains("ENTRYPOINT [\"dotnet\", \"TicketDesk.dll\"]", lines);
            Assert.Contains($"image: handoff/{ResourceNames.BotGateway}", File.ReadAllText(Path.Combine(directory, "kubernetes", $"{ResourceNames.BotGateway}.yaml")),
                StringComparison.Ordinal);
        }
        finally
        {
            TestDirectories.Delete(directory);
        }
    }

    [Fact]
    public async Task An_unknown_bot_stops_the_apphost_with_the_choices()
    {
        var directory = TestDirectories.Create("publish-bot");
        try
        {
            var (exitCode, output, error) = await AppHostPublish.RunAsync(["publish", "--output", directory, "--bot", "samples/TeamAgent"], PublishedDeployment.SecretValues);

            Assert.NotEqual(0, exitCode);
            Assert.Contains("--bot must be one of gateway, ticket-desk (got 'samples/TeamAgent').", output + error, StringComparison.Ordinal);
        }
        finally
        {
            TestDirectories.Delete(directory);
        }
    }
}
