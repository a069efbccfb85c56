using System.Diagnostics;

namespace Handoff.TestSupport.Brokers;

/// <summary>Runs a short-lived tool (apt-get, redis-cli, rabbitmqctl) to its end and returns its exit code and output.</summary>
public static class ToolRun
{
    /// <param name="timeout">How long the tool may take; past it the tool is killed and <see cref="TimeoutException"/> thrown.</param>
    public static async Task<ToolRunResult> RunAsync(
        string fileName, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken,
        TimeSpan? timeout = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new ProvisioningException($"Could not start {fileName}.");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } limit)
        {
            deadline.CancelAfter(limit);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}.");
        }

        return new ToolRunResult(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>What a tool printed: <see cref="Output"/> is both streams, for error messages.</summary>
public sealed record ToolRunResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => StandardOutput + StandardError;
}
