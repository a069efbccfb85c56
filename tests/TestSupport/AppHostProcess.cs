using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Handoff.Hosting.Infrastructure;
using Handoff.Hosting.Orchestration;
using Handoff.Hosting.Processes;

namespace Handoff.TestSupport;

/// <summary>
/// The AppHost as a newcomer runs it: its own process, the real brokers and services it starts. Tests read
/// the resource table it prints and stop it with SIGTERM, as Ctrl+C would.
/// </summary>
public sealed partial class AppHostProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly string _dataDirectory;
    private readonly List<ResourceRestart> _restarts = [];

    private AppHostProcess(ChildProcess process, string dataDirectory, int gatewayPort)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        GatewayPort = gatewayPort;
    }

    public int GatewayPort { get; }

    public Uri MessagesEndpoint => new($"http://localhost:{GatewayPort}/api/messages");

    public int Pid => _process.Pid;

    public Task<int> Exited => _process.Exited;

    /// <summary>Resource name → PID, from the table the AppHost prints once everything is ready.</summary>
    public ConcurrentDictionary<string, int> ResourcePids { get; } = new();

    /// <summary>Resource name → endpoint, from the same table.</summary>
    public Dictionary<string, string> ResourceEndpoints { get; } = [];

    public string Output => string.Join(Environment.NewLine, _output);

    public static Task<AppHostProcess> StartAsync(CancellationToken cancellationToken, params string[] extraArguments) =>
        StartAsync(new Dictionary<string, string>(), cancellationToken, extraArguments);

    /// <param name="environment">Variables for the AppHost, which its services inherit (e.g. <c>Admin__ApiKey</c>).</param>
    public static async Task<AppHostProcess> StartAsync(IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken, params string[] extraArguments)
    {
        var dataDirectory = TestDirectories.Create("apphost");
        var port = LoopbackPorts.Free();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        AppHostProcess? host = null;
        var lines = new ConcurrentQueue<string>();
        var process = ChildProcess.Start(new ChildProcessSpec("dotnet",
            [BuildOutput.AssemblyPath("AppHost"), "--gateway-port", port.ToString(), "--data-dir", dataDirectory, "--dashboard-port", "0", .. extraArguments],
            environment), line =>
            {
                lines.Enqueue(line);
                host?._output.Enqueue(line);
                host?.NoteRestart(line);
                if (line.StartsWith("Press Ctrl+C to stop.", StringComparison.Ordinal))
                {
                    ready.TrySetResult();
                }
            });
        host = new AppHostProcess(process, dataDirectory, port);
        foreach (var line in lines)
        {
            host._output.Enqueue(line);
        }

        var clock = Stopwatch.StartNew();
        var finished = await Task.WhenAny(ready.Task, process.Exited, Task.Delay(TimeSpan.FromSeconds(120), cancellationToken));
        if (finished != ready.Task)
        {
            var output = string.Join(Environment.NewLine, lines);
            await host.DisposeAsync();
            throw new InvalidOperationException($"The AppHost did not get ready in {clock.Elapsed.TotalSeconds:F0} s. Its output:{Environment.NewLine}{output}");
        }

        host.StartupTime = clock.Elapsed;
        foreach (var line in lines)
        {
            if (line.StartsWith("Dashboard: ", StringComparison.Ordinal))
            {
                host.DashboardLoginLink = new Uri(line["Dashboard: ".Length..].Trim());
            }

            var row = ResourceRow().Match(line);
            if (row.Success)
            {
                host.ResourcePids[row.Groups["name"].Value] = int.Parse(row.Groups["pid"].Value);
                host.ResourceEndpoints[row.Groups["name"].Value] = row.Groups["endpoint"].Value;
            }
        }

        return host;
    }

    public TimeSpan StartupTime { get; private set; }

    /// <summary>The <c>Dashboard: …/login?t=…</c> link the AppHost printed.</summary>
    public Uri? DashboardLoginLink { get; private set; }

    /// <summary>SIGTERM to the AppHost alone; returns how long it took to exit.</summary>
    public async Task<TimeSpan> TerminateAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        _process.Terminate();
        await _process.Exited.WaitAsync(timeout);
        return clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Terminate();
            await Task.WhenAny(_process.Exited, Task.Delay(TimeSpan.FromSeconds(15)));
        }

        // Whatever the AppHost failed to stop must not outlive the test run.
        foreach (var pid in ResourcePids.Values)
        {
            PosixSignals.SignalGroup(pid, PosixSignals.SigKill);
        }

        await _process.DisposeAsync();
        TestDirectories.Delete(_dataDirectory);
    }

    /// <summary>Restarts the AppHost made after a crash, newest last.</summary>
    public IReadOnlyList<ResourceRestart> Restarts
    {
        get
        {
            lock (_restarts)
            {
                return [.. _restarts];
            }
        }
    }

    /// <summary>Waits until the AppHost reports <paramref name="resource"/> restarted (after <paramref name="after"/> restarts of it were seen).</summary>
    public async Task<ResourceRestart> WaitForRestartAsync(string resource, int after, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            var restarts = Restarts.Where(restart => restart.Resource == resource).ToList();
            if (restarts.Count > after)
            {
                return restarts[after];
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"{resource} was not restarted within {timeout.TotalSeconds:F0} s. AppHost output:{Environment.NewLine}{Output}");
    }

    private void NoteRestart(string line)
    {
        var match = RestartLine().Match(line);
        if (!match.Success)
        {
            return;
        }

        var restart = new ResourceRestart(match.Groups["name"].Value, int.Parse(match.Groups["pid"].Value),
            TimeSpan.FromSeconds(double.Parse(match.Groups["seconds"].Value, System.Globalization.CultureInfo.InvariantCulture)));
        lock (_restarts)
        {
            _restarts.Add(restart);
        }

        ResourcePids[restart.Resource] = restart.Pid;
    }

    [GeneratedRegex(@"\| (?<name>[a-z0-9-]+) restarted: pid (?<pid>\d+), ready (?<seconds>[\d.]+) s after it exited\.$")]
    private static partial Regex RestartLine();

    [GeneratedRegex(@"^\s{2}(?<name>[a-z0-9-]+)\s+.+?\s+Running\s+(?<pid>\d+)\s+(?<endpoint>\S.*)$")]
    private static partial Regex ResourceRow();
}

/// <summary>A restart the AppHost reported: the new PID and how long after the crash the resource was ready.</summary>
public sealed record ResourceRestart(string Resource, int Pid, TimeSpan RecoveryTime);
