using System.Diagnostics;

namespace Handoff.AppHost.Tests;

/// <summary>
/// Runs the built AppHost with a verb, as <c>dotnet run --project src/AppHost -- …</c> would: the real Program.cs,
/// its Aspire model and Aspire's publish pipeline, in a process of its own (Aspire reads its switches once per process).
/// </summary>
public static class AppHostPublish
{
    /// <summary>With artifacts output the AppHost builds to <c>artifacts/bin/AppHost/{pivot}/</c>, beside the tests' own folder.</summary>
    public static string AssemblyPath
    {
        get
        {
            var ownDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return Path.Combine(ownDirectory.Parent!.Parent!.FullName, "AppHost", ownDirectory.Name, "AppHost.dll");
        }
    }

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var appHost = AssemblyPath;
        Assert.True(File.Exists(appHost), $"{appHost} is missing: build tests/AppHost.Tests (it builds the AppHost).");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(appHost)!,
        };
        start.ArgumentList.Add(appHost);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
