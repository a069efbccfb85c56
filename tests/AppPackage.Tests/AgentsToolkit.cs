using Handoff.TestSupport;

namespace Handoff.AppPackage.Tests;

/// <summary>
/// The Microsoft 365 Agents Toolkit CLI pinned in <c>tools/atk</c>, installed with <c>npm ci --ignore-scripts</c>
/// on first use (its dependencies' install scripts would download prebuilt binaries), as <c>.ci/run</c> does.
/// </summary>
public static class AgentsToolkit
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static string Directory => Path.Combine(RepositoryRoot.Path, "tools", "atk");

    private static string Cli => Path.Combine(Directory, "node_modules", "@microsoft", "m365agentstoolkit-cli", "cli.js");

    /// <summary><c>atk validate --manifest-file</c>: the manifest against its schema, placeholders filled from the env file, offline.</summary>
    public static async Task<(int ExitCode, string Output)> ValidateManifestAsync(string manifestPath, string envFile, CancellationToken cancellationToken)
    {
        await EnsureInstalledAsync(cancellationToken);
        return await TeamsTools.RunAsync("node",
            [Cli, "validate", "--manifest-file", manifestPath,
             "--env-file", envFile, "--interactive", "false", "--telemetry", "false"],
            Path.GetDirectoryName(manifestPath)!, TimeSpan.FromMinutes(4), cancellationToken);
    }

    /// <summary><c>atk package --env NAME</c> in a project folder: the toolkit's own zipAppPackage step, offline.</summary>
    public static async Task<(int ExitCode, string Output)> PackageAsync(string projectDirectory, string environment, CancellationToken cancellationToken)
    {
        await EnsureInstalledAsync(cancellationToken);
        return await TeamsTools.RunAsync("node",
            [Cli, "package", "--env", environment, "--folder", projectDirectory, "--interactive", "false", "--telemetry", "false"],
            projectDirectory, TimeSpan.FromMinutes(4), cancellationToken);
    }

    /// <summary>The lifecycle files against the toolkit's own YAML schema (<c>tools/atk/validate-lifecycle.js</c>).</summary>
    public static async Task<(int ExitCode, string Output)> ValidateLifecycleAsync(string projectDirectory, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        await EnsureInstalledAsync(cancellationToken);
        return await TeamsTools.RunAsync("node", [Path.Combine(Directory, "validate-lifecycle.js"), projectDirectory, .. files], Directory,
            TimeSpan.FromMinutes(1), cancellationToken);
    }

    private static async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        await InstallLock.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(Path.Combine(Directory, "node_modules", ".package-lock.json")))
            {
                return;
            }

            var result = await TeamsTools.RunAsync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], Directory, TimeSpan.FromMinutes(8), cancellationToken);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"'npm ci --ignore-scripts' in tools/atk failed ({result.ExitCode}): {result.Output}");
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }
}
