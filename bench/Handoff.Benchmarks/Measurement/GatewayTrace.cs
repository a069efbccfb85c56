using System.Diagnostics;

namespace Handoff.Benchmarks.Measurement;

/// <summary>
/// <c>dotnet-trace</c> on one service for the length of a phase (sampled thread stacks), then its top
/// frames. The tool is optional: <c>dotnet tool install -g dotnet-trace</c>.
/// </summary>
public sealed class GatewayTrace
{
    private readonly Process _collect;
    private readonly string _file;

    private GatewayTrace(Process collect, string file)
    {
        _collect = collect;
        _file = file;
    }

    public static string? FindTool()
    {
        var home = Environment.GetEnvironmentVariable("HOME") ?? "";
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Append(Path.Combine(home, ".dotnet", "tools"))
            .Select(directory => Path.Combine(directory, "dotnet-trace"));
        return candidates.FirstOrDefault(File.Exists);
    }

    public static GatewayTrace? Start(int pid, TimeSpan duration, string file, TextWriter output)
    {
        var tool = FindTool();
        if (tool is null)
        {
            output.WriteLine("dotnet-trace is not installed (dotnet tool install -g dotnet-trace): no profile taken.");
            return null;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "collect", "-p", pid.ToString(), "--profile", "dotnet-sampled-thread-time",
                     "--duration", duration.ToString(@"dd\:hh\:mm\:ss"), "-o", file })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return new GatewayTrace(process, file);
    }

    /// <summary>Waits for the trace to be written, converts it to speedscope and says where the CPU went (<see cref="StackSummary"/>).</summary>
    public async Task<string> ReportAsync(int rows)
    {
        await _collect.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var tool = FindTool()!;
        var speedscope = Path.ChangeExtension(_file, null);
        var conversion = await RunAsync(tool, ["convert", "--format", "Speedscope", _file, "-o", speedscope]);
        var exported = speedscope + ".speedscope.json";
        var text = File.Exists(exported)
            ? StackSummary.Summarise(exported, rows)
            : $"dotnet-trace convert produced no {exported}: {conversion}";
        await File.WriteAllTextAsync(Path.ChangeExtension(_file, ".txt"), text);
        return text;
    }

    private static async Task<string> RunAsync(string tool, string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return await output + await error;
    }
}
