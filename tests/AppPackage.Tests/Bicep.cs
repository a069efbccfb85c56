using System.Reflection;
using Handoff.TestSupport;

namespace Handoff.AppPackage.Tests;

/// <summary>The Bicep compiler from the NuGet package <c>Azure.Bicep.CommandLine.linux-x64</c>, restored with this project.</summary>
public static class Bicep
{
    public static string Template => Path.Combine(RepositoryRoot.Path, "infra", "azure.bicep");

    public static string Parameters => Path.Combine(RepositoryRoot.Path, "infra", "azure.parameters.json");

    /// <summary><c>bicep build</c> into <paramref name="armFile"/>; the output is its diagnostics, warnings included.</summary>
    public static Task<(int ExitCode, string Output)> BuildAsync(string bicepFile, string armFile, CancellationToken cancellationToken)
    {
        return TeamsTools.RunAsync(Executable(), ["build", bicepFile, "--outfile", armFile], Path.GetDirectoryName(bicepFile)!,
            TimeSpan.FromMinutes(2), cancellationToken);
    }

    private static string Executable()
    {
        var package = typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == "BicepPackagePath").Value;
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess || string.IsNullOrEmpty(package))
        {
            throw new InvalidOperationException("The Bicep compiler comes from Azure.Bicep.CommandLine.linux-x64: these tests need linux-x64.");
        }

        var executable = Path.Combine(package, "tools", "bicep");
        // The package's binary is executable for its owner only, and extraction may drop the bit altogether.
        File.SetUnixFileMode(executable, File.GetUnixFileMode(executable) | UnixFileMode.UserExecute);
        return executable;
    }
}
