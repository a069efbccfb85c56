using System.Diagnostics;
using Handoff.Hosting.Orchestration;

namespace Handoff.AppHost.Tests;

/// <summary>Runs the built AppHost with a verb, as <c>dotnet run --project src/AppHost -- …</c> would.</summary>
public static class AppHostPublish
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var appHost = BuildOutput.AssemblyPath("AppHost");
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
