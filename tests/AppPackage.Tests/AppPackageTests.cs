using System.IO.Compression;
using System.Text.Json.Nodes;
using Handoff.TestSupport;
using Microsoft.Extensions.Configuration;

namespace Handoff.AppPackage.Tests;

/// <summary>The package src/AppPackage builds from appPackage/manifest.json, the template the Agents Toolkit builds from too.</summary>
public sealed class AppPackageTests : IDisposable
{
    private readonly string _directory = TestDirectories.Create("app-package");

    public void Dispose() => TestDirectories.Delete(_directory);

    [Fact]
    public void The_package_holds_the_manifest_the_icons_and_the_localisation_files()
    {
        using var zip = ZipFile.OpenRead(Build(ProjectTemplate.Load()));

        Assert.Equal(["color.png", "de.json", "fr.json", "manifest.json", "outline.png"], zip.Entries.Select(entry => entry.FullName).Order());
        Assert.Equal((192, 192), Size(zip, "color.png"));
        Assert.Equal((32, 32), Size(zip, "outline.png"));
    }

    [Fact]
    public void Every_placeholder_is_filled_in_from_the_values()
    {
        using var zip = ZipFile.OpenRead(Build(ProjectTemplate.Load()));

        foreach (var entry in zip.Entries.Where(entry => entry.FullName.EndsWith(".json", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain("${{", Text(entry), StringComparison.Ordinal);
        }

        var manifest = JsonNode.Parse(Text(zip.GetEntry("manifest.json")!))!;
        Assert.Equal(ProjectTemplate.TeamsAppId, (string?)manifest["id"]);
        Assert.Equal(ProjectTemplate.BotId, (string?)manifest["bots"]![0]!["botId"]);
        Assert.Equal(ProjectTemplate.BotId, (string?)manifest["composeExtensions"]![0]!["botId"]);
        Assert.Equal(ProjectTemplate.BotId, (string?)manifest["copilotAgents"]!["customEngineAgents"]![0]!["id"]);
        Assert.Equal(["handoff.contoso.com"], manifest["validDomains"]!.AsArray().Select(domain => (string?)domain));
        Assert.Equal("Handoff-dev", (string?)manifest["name"]!["short"]);
        Assert.Equal("Handoff-dev", (string?)JsonNode.Parse(Text(zip.GetEntry("de.json")!))!["name.short"]);
    }

    [Fact]
    public async Task The_built_manifest_is_valid_against_the_official_schema()
    {
        var manifestPath = Path.Combine(Extract(Build(ProjectTemplate.Load())), "manifest.json");
        await TeamsTools.EnsureInstalledAsync(TestContext.Current.CancellationToken);

        var (exitCode, output) = await TeamsTools.RunAsync("node", ["validate-manifest.js", manifestPath], TeamsTools.Directory,
            TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0, output);
        Assert.Contains("manifest is valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Agents_Toolkit_validates_the_built_package()
    {
        // Nothing is left to fill in: atk reads the package's manifest, icons and localisation files as they are.
        var package = Extract(Build(ProjectTemplate.Load()));
        var noValues = Path.Combine(_directory, ".env.none");
        await File.WriteAllTextAsync(noValues, "", TestContext.Current.CancellationToken);

        var (exitCode, output) = await AgentsToolkit.ValidateManifestAsync(Path.Combine(package, "manifest.json"), noValues, TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0, output);
        Assert.Contains("All passed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_package_is_what_the_Agents_Toolkit_builds_from_the_same_template_and_env_file()
    {
        // A toolkit project of the repository's files, its dev environment provisioned with the test's values.
        var project = Path.Combine(_directory, "project");
        Directory.CreateDirectory(Path.Combine(project, "env"));
        File.Copy(Path.Combine(RepositoryRoot.Path, "m365agents.yml"), Path.Combine(project, "m365agents.yml"));
        Directory.Move(ProjectTemplate.CopyTo(_directory), Path.Combine(project, "appPackage"));
        File.Move(ProjectTemplate.WriteEnvFile(_directory), Path.Combine(project, "env", ".env.dev"));
        var ours = Build(ProjectTemplate.Load());

        var (exitCode, output) = await AgentsToolkit.PackageAsync(project, "dev", TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0, output);
        using var toolkits = ZipFile.OpenRead(Path.Combine(project, "appPackage", "build", "appPackage.dev.zip"));
        using var ourZip = ZipFile.OpenRead(ours);
        Assert.Equal(toolkits.Entries.Select(entry => entry.FullName).Order(), ourZip.Entries.Select(entry => entry.FullName).Order());
        foreach (var entry in toolkits.Entries)
        {
            var ourEntry = ourZip.GetEntry(entry.FullName)!;
            if (entry.FullName.EndsWith(".json", StringComparison.Ordinal))
            {
                // The toolkit writes its own indentation: the same JSON, not the same bytes.
                Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Text(entry)), JsonNode.Parse(Text(ourEntry))), $"{entry.FullName} differs from the toolkit's");
            }
            else
            {
                Assert.Equal(Bytes(entry), Bytes(ourEntry));
            }
        }
    }

    [Fact]
    public void Values_come_from_the_toolkit_env_file_and_our_own_keys_win()
    {
        var envFile = Path.Combine(_directory, ".env.dev");
        File.WriteAllText(envFile, "# comment\nBOT_ID=11111111-1111-1111-1111-111111111111\nBOT_DOMAIN=\"from-env.contoso.com\"\nAPP_NAME_SUFFIX=-dev\n");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AppPackage:EnvFile"] = envFile,
            ["MicrosoftAppId"] = ProjectTemplate.BotId,
        }).Build();

        var values = ManifestValues.From(configuration);

        Assert.Equal(ProjectTemplate.BotId, values[ManifestValues.BotId]);
        Assert.Equal(ProjectTemplate.BotId, values[ManifestValues.TeamsAppId]);
        Assert.Equal("from-env.contoso.com", values[ManifestValues.BotDomain]);
        Assert.Equal("-dev", values[ManifestValues.NameSuffix]);
    }

    [Fact]
    public void Missing_or_malformed_values_are_refused_naming_the_key_to_set()
    {
        var template = ProjectTemplate.Load();
        var values = new Dictionary<string, string>(ProjectTemplate.Values)
        {
            [ManifestValues.BotId] = "not-a-guid",
            [ManifestValues.BotDomain] = "https://handoff.contoso.com/api/messages",
        };
        values.Remove(ManifestValues.TeamsAppId);

        var problems = ManifestValues.Problems(values, template.Placeholders());

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, problem => problem.StartsWith("BOT_ID must be a GUID", StringComparison.Ordinal) && problem.Contains("--MicrosoftAppId", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.StartsWith("BOT_DOMAIN must be the bot's host name", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.Contains("${{TEAMS_APP_ID}}", StringComparison.Ordinal) && problem.Contains("--AppPackage:TeamsAppId", StringComparison.Ordinal));
    }

    [Fact]
    public void A_Microsoft_host_in_validDomains_is_refused()
    {
        var copy = ProjectTemplate.CopyTo(_directory);
        var manifestPath = Path.Combine(copy, "manifest.json");
        File.WriteAllText(manifestPath, File.ReadAllText(manifestPath).Replace("\"${{BOT_DOMAIN}}\"", "\"${{BOT_DOMAIN}}\", \"teams.microsoft.com\"", StringComparison.Ordinal));

        var refusal = Assert.Throws<InvalidOperationException>(() => Build(ManifestTemplate.Load(manifestPath)));

        Assert.Contains("teams.microsoft.com", refusal.Message, StringComparison.Ordinal);
        Assert.True(MicrosoftHosts.Contains("teams.cloud.microsoft"));
        Assert.True(MicrosoftHosts.Contains("*.office.com"));
        Assert.False(MicrosoftHosts.Contains("handoff.contoso.com"));
        Assert.False(MicrosoftHosts.Contains("notmicrosoft.com"));
    }

    [Fact]
    public void A_file_the_manifest_names_but_the_folder_lacks_is_refused()
    {
        var copy = ProjectTemplate.CopyTo(_directory);
        File.Delete(Path.Combine(copy, "fr.json"));

        var refusal = Assert.Throws<FileNotFoundException>(() => ManifestTemplate.Load(Path.Combine(copy, "manifest.json")));

        Assert.Contains("'fr.json'", refusal.Message, StringComparison.Ordinal);
    }

    private string Build(ManifestTemplate template) =>
        AppPackageWriter.Write(template, ProjectTemplate.Values, Path.Combine(_directory, $"appPackage-{Guid.NewGuid():N}.zip"));

    private string Extract(string zipPath)
    {
        var folder = Path.Combine(_directory, Path.GetFileNameWithoutExtension(zipPath));
        ZipFile.ExtractToDirectory(zipPath, folder);
        return folder;
    }

    private static string Text(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    private static byte[] Bytes(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static (int Width, int Height) Size(ZipArchive zip, string name)
    {
        var png = Png.Read(Bytes(zip.GetEntry(name)!));
        return (png.Width, png.Height);
    }
}
