using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Handoff.Contracts.Teams;

namespace Handoff.AppPackage.Tests;

/// <summary>What appPackage/manifest.json tells Teams and Copilot, and the files beside it.</summary>
public sealed partial class ManifestTemplateTests
{
    private static readonly JsonNode Manifest = JsonNode.Parse(File.ReadAllText(ProjectTemplate.ManifestPath))!;

    [Fact]
    public void The_template_declares_the_command_the_gateway_handles_for_the_bot_and_the_custom_engine_agent()
    {
        var command = Manifest["composeExtensions"]![0]!["commands"]![0]!;

        Assert.Equal(HandoffCommands.SearchCommandId, (string?)command["id"]);
        Assert.Equal("query", (string?)command["type"]);
        Assert.Equal(HandoffCommands.SearchParameterName, (string?)command["parameters"]![0]!["name"]);
        Assert.Equal("${{BOT_ID}}", (string?)Manifest["bots"]![0]!["botId"]);
        Assert.Equal("${{BOT_ID}}", (string?)Manifest["composeExtensions"]![0]!["botId"]);
        Assert.Equal("${{BOT_ID}}", (string?)Manifest["copilotAgents"]!["customEngineAgents"]![0]!["id"]);
        Assert.Equal(["personal", "copilot"], Manifest["bots"]![0]!["scopes"]!.AsArray().Select(scope => (string?)scope));
        Assert.Equal("${{TEAMS_APP_ID}}", (string?)Manifest["id"]);
    }

    [Fact]
    public void Copilot_gets_sample_prompts_and_semantic_descriptions_of_the_command_and_its_parameter()
    {
        var command = Manifest["composeExtensions"]![0]!["commands"]![0]!;
        var parameter = command["parameters"]![0]!;

        Assert.InRange(command["samplePrompts"]!.AsArray().Count, 1, 5);
        Assert.All(command["samplePrompts"]!.AsArray(), prompt => Assert.False(string.IsNullOrWhiteSpace((string?)prompt!["text"])));
        Assert.True(((string?)command["semanticDescription"])?.Length > 200, "the command's semanticDescription should say when Copilot calls it");
        Assert.True(((string?)parameter["semanticDescription"])?.Length > 80, "the parameter's semanticDescription should say what to pass");
        Assert.False(string.IsNullOrWhiteSpace((string?)parameter["description"]));
        Assert.NotEmpty(Manifest["bots"]![0]!["commandLists"]![0]!["commands"]!.AsArray());
    }

    [Fact]
    public void No_Microsoft_host_is_a_valid_domain()
    {
        var domains = Manifest["validDomains"]!.AsArray().Select(domain => (string)domain!).ToList();

        Assert.Equal(["${{BOT_DOMAIN}}"], domains);
        Assert.DoesNotContain(domains, MicrosoftHosts.Contains);
    }

    [Fact]
    public void English_is_the_default_and_every_other_language_translates_the_same_strings_of_the_manifest()
    {
        var localization = Manifest["localizationInfo"]!;
        var languages = localization["additionalLanguages"]!.AsArray();

        Assert.Equal("en", (string?)localization["defaultLanguageTag"]);
        Assert.True(languages.Count >= 1);
        var keySets = new List<string[]>();
        foreach (var language in languages)
        {
            var strings = JsonNode.Parse(File.ReadAllText(Path.Combine(ProjectTemplate.Directory, (string)language!["file"]!)))!.AsObject();
            var keys = strings.Select(pair => pair.Key).Where(key => key != "$schema").Order().ToArray();
            foreach (var key in keys)
            {
                // Each key is the path of an English string in the manifest ("composeExtensions[0].commands[0].title"),
                // and only the product name stays as it is.
                Assert.True(ManifestString(key) is not null, $"{language["file"]}: '{key}' names no string in manifest.json");
                if (key != "name.short")
                {
                    Assert.NotEqual(ManifestString(key), (string?)strings[key]);
                }
            }

            keySets.Add(keys);
        }

        Assert.All(keySets, keys => Assert.Equal(keySets[0], keys));
    }

    [Fact]
    public void The_outline_icon_is_white_on_transparent_and_the_colour_icon_opaque()
    {
        var outline = Png.Read(File.ReadAllBytes(Path.Combine(ProjectTemplate.Directory, (string)Manifest["icons"]!["outline"]!)));
        var colour = Png.Read(File.ReadAllBytes(Path.Combine(ProjectTemplate.Directory, (string)Manifest["icons"]!["color"]!)));

        Assert.Equal((32, 32, (byte)6), (outline.Width, outline.Height, outline.ColourType));
        Assert.All(outline.Pixels, pixel => Assert.True(pixel == (255, 255, 255, 255) || pixel.A == 0, $"pixel {pixel} is neither white nor transparent"));
        Assert.Contains(outline.Pixels, pixel => pixel.A == 255);
        Assert.Contains(outline.Pixels, pixel => pixel.A == 0);
        Assert.Equal((192, 192), (colour.Width, colour.Height));
        Assert.All(colour.Pixels, pixel => Assert.Equal(255, pixel.A));
    }

    private static string? ManifestString(string key)
    {
        JsonNode? node = Manifest;
        foreach (Match step in PathStep().Matches(key))
        {
            node = node?[step.Groups["name"].Value];
            if (step.Groups["index"].Success)
            {
                node = node is JsonArray array && int.Parse(step.Groups["index"].Value) is var index && index < array.Count ? array[index] : null;
            }
        }

        return node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
    }

    [GeneratedRegex(@"(?<name>[A-Za-z]+)(\[(?<index>[0-9]+)\])?")]
    private static partial Regex PathStep();
}
