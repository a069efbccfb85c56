using Handoff.TestSupport;

namespace Handoff.AppPackage.Tests;

/// <summary>The repository as a Microsoft 365 Agents Toolkit project: what a Teams developer's toolkit reads.</summary>
public sealed class AgentsToolkitProjectTests : IDisposable
{
    private static readonly string[] LifecycleFiles = ["m365agents.yml", "m365agents.local.yml"];
    private static readonly string[] UnsetUntilProvisioned = ["BOT_ID", "TEAMS_APP_ID", "BOT_ENDPOINT"];
    private readonly string _directory = TestDirectories.Create("atk-project");

    public void Dispose() => TestDirectories.Delete(_directory);

    [Fact]
    public async Task The_Agents_Toolkit_validates_the_manifest_template_with_an_environments_values()
    {
        var (exitCode, output) = await AgentsToolkit.ValidateManifestAsync(ProjectTemplate.ManifestPath, ProjectTemplate.WriteEnvFile(_directory),
            TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0, output);
        Assert.Contains("All passed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Agents_Toolkit_refuses_a_template_a_translation_breaks()
    {
        var copy = ProjectTemplate.CopyTo(_directory);
        var german = Path.Combine(copy, "de.json");
        // Teams cuts command titles at 32 characters; the toolkit checks the localisation files against their schema.
        await File.WriteAllTextAsync(german, (await File.ReadAllTextAsync(german, TestContext.Current.CancellationToken))
            .Replace("\"Im Chat fortsetzen\"", "\"Diese Aufgabe im Chat mit dem Bot fortsetzen\"", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var (exitCode, output) = await AgentsToolkit.ValidateManifestAsync(Path.Combine(copy, "manifest.json"), ProjectTemplate.WriteEnvFile(_directory),
            TestContext.Current.CancellationToken);

        Assert.Equal(1, exitCode);
        Assert.Contains("must NOT have more than 32 characters", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_lifecycle_files_are_valid_for_the_pinned_toolkit()
    {
        var (exitCode, output) = await AgentsToolkit.ValidateLifecycleAsync(RepositoryRoot.Path, LifecycleFiles, TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0, output);
        Assert.Contains("lifecycle files are valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_the_toolkit_does_not_know_and_a_missing_template_are_caught()
    {
        var yml = (await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "m365agents.yml"), TestContext.Current.CancellationToken))
            .Replace("uses: teamsApp/zipAppPackage", "uses: teamsApp/zipPackage", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(_directory, "m365agents.yml"), yml, TestContext.Current.CancellationToken);

        var (exitCode, output) = await AgentsToolkit.ValidateLifecycleAsync(_directory, ["m365agents.yml"], TestContext.Current.CancellationToken);

        Assert.Equal(1, exitCode);
        Assert.Contains("m365agents.yml: /provision/4 ", output, StringComparison.Ordinal);
        Assert.Contains("names ./infra/azure.bicep, which does not exist", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("env/.env.local", "m365agents.local.yml")]
    [InlineData("env/.env.dev", "m365agents.yml")]
    public void Each_committed_env_file_names_every_value_its_environment_uses_and_holds_no_secret(string envFile, string lifecycleFile)
    {
        var env = ToolkitEnvironmentFile.Read(Path.Combine(RepositoryRoot.Path, envFile));
        var used = new[] { lifecycleFile, "appPackage/manifest.json", "appPackage/de.json", "appPackage/fr.json", "infra/azure.parameters.json" }
            .SelectMany(file => ManifestTemplate.PlaceholdersIn(File.ReadAllText(Path.Combine(RepositoryRoot.Path, file))))
            .Distinct()
            .ToList();

        // Secrets come from env/.env.{name}.user, which the toolkit writes and git ignores.
        Assert.All(used.Where(name => !name.StartsWith("SECRET_", StringComparison.Ordinal)), name => Assert.True(env.ContainsKey(name), $"{envFile} lacks {name}"));
        Assert.DoesNotContain(env.Keys, key => key.StartsWith("SECRET_", StringComparison.Ordinal));
        Assert.All(UnsetUntilProvisioned, key => Assert.Equal("", env[key]));
    }

    [Fact]
    public async Task Git_ignores_the_secrets_the_toolkit_writes_and_the_packages_it_builds()
    {
        var (exitCode, output) = await TeamsTools.RunAsync("git",
            ["check-ignore", "env/.env.local.user", "env/.env.dev.user", "appPackage/build/appPackage.local.zip", "src/BotGateway/appsettings.Development.json"],
            RepositoryRoot.Path, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0, output);
        Assert.Equal(4, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
