using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Handoff.Hosting.Orchestration;

/// <summary>
/// Starts every resource once the resources it waits for are ready, shows where each is, and on Ctrl+C or
/// SIGTERM stops the services, then the brokers, leaving no process behind.
/// </summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly IReadOnlyList<Resource> _resources;
    private readonly IReadOnlyList<IDistributedApplicationLifecycleHook> _hooks;
    private readonly string _environmentName;
    private readonly string _dataDirectory;
    private readonly bool _ownsDataDirectory;
    private readonly Lock _consoleLock = new();
    private readonly Dictionary<string, Resource> _byName;
    private bool _stopped;

    internal DistributedApplication(IReadOnlyList<Resource> resources, IReadOnlyList<IDistributedApplicationLifecycleHook> hooks, string environmentName, string? dataDirectory)
    {
        _resources = resources;
        _hooks = hooks;
        _byName = resources.ToDictionary(resource => resource.Name);
        _environmentName = environmentName;
        _ownsDataDirectory = string.IsNullOrWhiteSpace(dataDirectory);
        _dataDirectory = _ownsDataDirectory
            ? Path.Combine(Path.GetTempPath(), $"handoff-apphost-{Environment.ProcessId}")
            : Path.GetFullPath(dataDirectory!);
    }

    public IReadOnlyList<Resource> Resources => _resources;

    /// <summary>Runs until Ctrl+C or SIGTERM. Returns the process exit code.</summary>
    public async Task<int> RunAsync()
    {
        using var shutdown = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Cancel);

        try
        {
            await StartAsync(shutdown.Token);
            _ = MonitorHealthAsync(shutdown.Token);
            PrintSummary();
            await Task.Delay(Timeout.Infinite, shutdown.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return 0;
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception exception)
        {
            WriteLine("apphost", $"Start-up failed: {exception.Message}");
            return 1;
        }
        finally
        {
            await StopAsync();
        }

        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            if (!shutdown.IsCancellationRequested)
            {
                WriteLine("apphost", $"{context.Signal} received: stopping every resource…");
                shutdown.Cancel();
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_dataDirectory);
        WriteLine("apphost", $"Starting {_resources.Count} resources ({_environmentName}); data in {_dataDirectory}");
        foreach (var hook in _hooks)
        {
            await hook.BeforeStartAsync(this, cancellationToken);
        }

        var context = new ResourceContext(_dataDirectory, _environmentName, WriteLine);
        var clock = Stopwatch.StartNew();
        var starts = _resources.Select(async resource =>
        {
            await resource.StartAfterDependenciesAsync(context, cancellationToken);
            WriteLine("apphost", $"{resource.Name} is ready ({clock.Elapsed.TotalSeconds:F1} s): {resource.Endpoint}");
        }).ToList();

        try
        {
            await Task.WhenAll(starts);
        }
        catch when (!starts.Any(task => task.IsFaulted) && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch
        {
            var failures = starts.Where(task => task.IsFaulted).Select(task => task.Exception!.InnerException!.Message);
            throw new InvalidOperationException(string.Join(Environment.NewLine, failures));
        }
    }

    /// <summary>Services first (they hold connections to the brokers), then the brokers.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(_resources.OfType<ProjectResource>().Select(resource => resource.StopAsync()));
        await Task.WhenAll(_resources.Where(resource => resource is not ProjectResource).Select(resource => resource.StopAsync()));
        foreach (var hook in _hooks)
        {
            await hook.DisposeAsync();
        }
        if (_ownsDataDirectory)
        {
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is left for the OS to clean up with the temp folder.
            }
        }

        WriteLine("apphost", $"Stopped every resource in {clock.Elapsed.TotalSeconds:F1} s.");
    }

    /// <summary>Asks every running resource for its health every few seconds, for the dashboard.</summary>
    public async Task MonitorHealthAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(3));
        try
        {
            do
            {
                await Task.WhenAll(_resources.Select(resource => resource.CheckHealthAsync(cancellationToken)));
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The AppHost is stopping.
        }
    }

    public T Get<T>(string name)
        where T : Resource =>
        _resources.OfType<T>().Single(resource => resource.Name == name);

    public async ValueTask DisposeAsync() => await StopAsync();

    private void PrintSummary()
    {
        lock (_consoleLock)
        {
            Console.WriteLine();
            Console.WriteLine("Handoff is running:");
            Console.WriteLine($"  {"RESOURCE",-20} {"KIND",-9} {"STATE",-8} {"PID",-8} ENDPOINT");
            foreach (var resource in _resources)
            {
                Console.WriteLine($"  {resource.Name,-20} {resource.Kind,-9} {resource.State,-8} {resource.Pid,-8} {resource.Endpoint}");
            }

            // What Teams calls: the proxy in front of the gateway replicas (or a gateway given the port itself).
            var entry = _resources.OfType<ProjectResource>().FirstOrDefault(resource => resource.HasExternalHttpEndpoints && resource.HasFixedPort);
            if (entry is not null)
            {
                Console.WriteLine();
                Console.WriteLine($"Bot endpoint: http://{entry.Host}:{entry.Port}/api/messages");
            }

            foreach (var line in _hooks.SelectMany(hook => hook.SummaryLines))
            {
                Console.WriteLine(line);
            }

            Console.WriteLine("Press Ctrl+C to stop.");
            Console.WriteLine();
        }
    }

    /// <summary>Writes a line to the AppHost's console under <paramref name="source"/> (and to that resource's console log).</summary>
    public void WriteLine(string source, string line)
    {
        if (_byName.TryGetValue(source, out var resource))
        {
            resource.ConsoleLog.Append(line);
        }

        lock (_consoleLock)
        {
            Console.WriteLine($"{source,-20}| {line}");
        }
    }
}
