using Handoff.AppHost.Services;
using System.Diagnostics;

namespace Handoff.TestSupport.Processes;

/// <summary>
/// A program run in its own session and process group (through <c>setsid</c>), so that stopping it stops
/// everything it started: SIGTERM to the group, then SIGKILL to whatever is left after a grace period.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process)
    {
        _process = process;
        Pid = process.Id;
        StartedAt = DateTimeOffset.UtcNow;
    }

    public int Pid { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>Completes with the exit code when the program ends, for whatever reason.</summary>
    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    public static ChildProcess Start(ChildProcessSpec spec, Action<string> onOutput)
    {
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        info.ArgumentList.Add(spec.FileName);
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in spec.Environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { onOutput(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { onOutput(e.Data); } };
        process.Start();
        var child = new ChildProcess(process);
        process.Exited += (_, _) => child._exited.TrySetResult(SafeExitCode(process));
        if (process.HasExited)
        {
            child._exited.TrySetResult(SafeExitCode(process));
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>SIGTERM to the group, SIGKILL after <paramref name="grace"/>; returns once no process of the group is left.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        PosixSignals.SignalGroup(Pid, PosixSignals.SigTerm);
        if (await WaitForGroupToEndAsync(grace))
        {
            return;
        }

        PosixSignals.SignalGroup(Pid, PosixSignals.SigKill);
        await WaitForGroupToEndAsync(TimeSpan.FromSeconds(2));
    }

    /// <summary>SIGTERM to this process alone, as Ctrl+C or an orchestrator would send it.</summary>
    public void Terminate() => PosixSignals.Signal(Pid, PosixSignals.SigTerm);

    /// <summary>Ends the group at once: a crash, as kill -9 would cause it.</summary>
    public void Kill() => PosixSignals.SignalGroup(Pid, PosixSignals.SigKill);

    public async ValueTask DisposeAsync()
    {
        if (PosixSignals.GroupExists(Pid))
        {
            await StopAsync(TimeSpan.FromSeconds(5));
        }

        _process.Dispose();
    }

    private async Task<bool> WaitForGroupToEndAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            // The leader may have gone while its children linger; the group is what must be empty.
            if (HasExited && !PosixSignals.GroupExists(Pid))
            {
                return true;
            }

            await Task.Delay(50);
        }

        return HasExited && !PosixSignals.GroupExists(Pid);
    }

    private static int SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }
}
