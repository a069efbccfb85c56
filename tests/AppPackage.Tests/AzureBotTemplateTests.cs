using System.Text.Json.Nodes;
using Handoff.TestSupport;

namespace Handoff.AppPackage.Tests;

/// <summary>infra/azure.bicep, compiled by the real Bicep compiler: the Azure Bot, its channels and its parameters.</summary>
public sealed class AzureBotTemplateTests : IDisposable
{
    private static readonly string[] GatewaySettingsOutputs = ["BOT_ID", "BOT_TENANT_ID", "BOT_APP_TYPE"];
    private readonly string _directory = TestDirectories.Create("bicep");

    public void Dispose() => TestDirectories.Delete(_directory);

    [Fact]
    public async Task The_template_compiles_without_a_single_diagnostic_into_the_bot_and_its_Teams_and_Microsoft_365_channels()
    {
        var arm = await CompileAsync(Bicep.Template);

        // An array of resources, or an object of them by symbolic name when the compiler emits language version 2.0.
        var resources = arm["resources"] is JsonArray array ? array.Select(resource => resource!).ToList() : arm["resources"]!.AsObject().Select(pair => pair.Value!).ToList();
        var bot = Assert.Single(resources, resource => (string?)resource["type"] == "Microsoft.BotService/botServices");
        Assert.Equal("azurebot", (string?)bot["kind"]);
        Assert.Equal("[parameters('botAppType')]", (string?)bot["properties"]!["msaAppType"]);
        Assert.Equal("[parameters('botEndpoint')]", (string?)bot["properties"]!["endpoint"]);
        var channels = resources.Where(resource => (string?)resource["type"] == "Microsoft.BotService/botServices/channels")
            .Select(channel => (string?)channel["properties"]!["channelName"]);
        Assert.Equal(["M365Extensions", "MsTeamsChannel"], channels.Order());
        Assert.Equal(["SingleTenant", "UserAssignedMSI"], arm["parameters"]!["botAppType"]!["allowedValues"]!.AsArray().Select(value => (string?)value));
        Assert.All(GatewaySettingsOutputs, output => Assert.NotNull(arm["outputs"]![output]));
    }

    [Fact]
    public async Task A_channel_Azure_does_not_know_is_reported()
    {
        var broken = Path.Combine(_directory, "azure.bicep");
        await File.WriteAllTextAsync(broken, (await File.ReadAllTextAsync(Bicep.Template, TestContext.Current.CancellationToken))
            .Replace("channelName: 'M365Extensions'", "channelName: 'Microsoft365Channel'", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var (exitCode, output) = await Bicep.BuildAsync(broken, Path.Combine(_directory, "azure.json"), TestContext.Current.CancellationToken);

        Assert.Equal(0, exitCode);
        Assert.Contains("BCP036", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_parameters_file_sets_only_parameters_the_template_declares_every_required_one_and_allowed_values()
    {
        var declared = (await CompileAsync(Bicep.Template))["parameters"]!.AsObject();
        var given = JsonNode.Parse(await File.ReadAllTextAsync(Bicep.Parameters, TestContext.Current.CancellationToken))!["parameters"]!.AsObject();

        Assert.All(given, parameter => Assert.True(declared.ContainsKey(parameter.Key), $"azure.parameters.json sets {parameter.Key}, which azure.bicep does not declare"));
        Assert.All(declared.Where(parameter => parameter.Value!["defaultValue"] is null),
            parameter => Assert.True(given.ContainsKey(parameter.Key), $"azure.parameters.json lacks the required {parameter.Key}"));
        foreach (var (name, parameter) in given)
        {
            if (declared[name]!["allowedValues"] is JsonArray allowed)
            {
                Assert.Contains((string?)parameter!["value"], allowed.Select(value => (string?)value));
            }
        }
    }

    private async Task<JsonNode> CompileAsync(string bicepFile)
    {
        var armFile = Path.Combine(_directory, $"{Guid.NewGuid():N}.json");
        var (exitCode, output) = await Bicep.BuildAsync(bicepFile, armFile, TestContext.Current.CancellationToken);
        Assert.True(exitCode == 0 && output.Trim().Length == 0, $"bicep build exited {exitCode}: {output}");
        return JsonNode.Parse(await File.ReadAllTextAsync(armFile, TestContext.Current.CancellationToken))!;
    }
}
