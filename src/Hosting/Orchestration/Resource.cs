namespace Handoff.Hosting.Orchestration;

/// <summary>
/// Something the AppHost starts and stops: a broker or a service process. A resource that crashes is
/// restarted with backoff (<see cref="RestartPolicy"/>); the dashboard can restart it on demand.
/// </summary>
// The semaphore never allocates a wait handle (no AvailableWaitHandle), so there is nothing to dispose.
#pragma warning disable CA1001
public abstract class Resource(string name)
#pragma warning restore CA1001
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private ResourceContext? _context;
    private CancellationToken _applicationStopping;
    private bool _stopRequested;
    private int _consecutiveCrashes;
    private DateTimeOffset _runningSince;
    private ResourceState _state = ResourceState.NotStarted;

    public string Name { get; } = name;

    public ResourceState State
    {
        get => _state;
        protected set
        {
            _state = value;
            Changed?.Invoke(this);
        }
    }

    public abstract string Kind { get; }

    /// <summary>Where to reach it, for the start-up table.</summary>
    public abstract string Endpoint { get; }

    public abstract int? Pid { get; }

    /// <summary>When the current process started; null while none runs.</summary>
    public abstract DateTimeOffset? StartedAt { get; }

    public List<Resource> WaitsFor { get; } = [];

    /// <summary>What only some consumers read, such as a publisher's scaling hints.</summary>
    public List<IResourceAnnotation> Annotations { get; } = [];

    /// <summary>Environment variables this resource hands to the resources that reference it (Aspire's conventions).</summary>
    public abstract IEnumerable<KeyValuePair<string, string>> ReferenceEnvironment { get; }

    /// <summary>The environment the resource's process was given, for display (values masked by the dashboard).</summary>
    public virtual IReadOnlyDictionary<string, string> DisplayEnvironment => new Dictionary<string, string>();

    public ConsoleLog ConsoleLog { get; } = new();

    public int RestartCount { get; private set; }

    public ResourceHealth Health { get; private set; } = ResourceHealth.Unknown;

    public RestartPolicy RestartPolicy { get; set; } = RestartPolicy.Default;

    public Task Ready => _ready.Task;

    /// <summary>Raised when state, health or restart count change.</summary>
    public event Action<Resource>? Changed;

    internal async Task StartAfterDependenciesAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        _context = context;
        _applicationStopping = cancellationToken;
        try
        {
            if (WaitsFor.Count > 0)
            {
                State = ResourceState.Waiting;
                await Task.WhenAll(WaitsFor.Select(dependency => dependency.Ready)).WaitAsync(cancellationToken);
            }

            await _lifecycle.WaitAsync(cancellationToken);
            try
            {
                State = ResourceState.Starting;
                await StartAsync(context, cancellationToken);
                _runningSince = DateTimeOffset.UtcNow;
                State = ResourceState.Running;
            }
            finally
            {
                _lifecycle.Release();
            }

            _ready.TrySetResult();
        }
        catch (Exception exception)
        {
            State = ResourceState.FailedToStart;
            _ready.TrySetException(exception);
            throw;
        }
    }

    /// <summary>Stops the current process (if any) and starts a new one, as the dashboard's restart button does.</summary>
    public async Task RestartAsync()
    {
        if (_context is null || _stopRequested)
        {
            throw new InvalidOperationException($"{Name} has not been started or is stopping.");
        }

        await _lifecycle.WaitAsync(_applicationStopping);
        try
        {
            if (_stopRequested)
            {
                return;
            }

            State = ResourceState.Stopping;
            await StopProcessAsync();
            await StartAgainAsync();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async Task StopAsync()
    {
        _stopRequested = true;
        await _lifecycle.WaitAsync();
        try
        {
            if (State is ResourceState.Running or ResourceState.Exited or ResourceState.Starting)
            {
                State = ResourceState.Stopping;
            }

            await StopProcessAsync();
            State = ResourceState.Stopped;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Asks the resource whether it serves (its <c>/health</c>, or its protocol's handshake).</summary>
    public async Task<ResourceHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        ResourceHealth health;
        if (State != ResourceState.Running)
        {
            health = ResourceHealth.Unknown;
        }
        else
        {
            try
            {
                health = await ProbeAsync(cancellationToken) ? ResourceHealth.Healthy : ResourceHealth.Unhealthy;
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                health = ResourceHealth.Unhealthy;
            }
        }

        if (health != Health)
        {
            Health = health;
            Changed?.Invoke(this);
        }

        return health;
    }

    /// <summary>A process that ends while it should be running is a crash: shown as Exited, then restarted with backoff.</summary>
    protected void WatchForExit(Task exited) =>
        exited.ContinueWith(_ => OnExitedAsync(), TaskScheduler.Default);

    /// <summary>Counts a restart the resource made of a part of itself (a cluster's node), so the dashboard shows it.</summary>
    protected void CountRestart()
    {
        RestartCount++;
        Changed?.Invoke(this);
    }

    protected abstract Task StartAsync(ResourceContext context, CancellationToken cancellationToken);

    protected abstract Task<bool> ProbeAsync(CancellationToken cancellationToken);

    /// <summary>Stops the process and whatever it started; a no-op when none runs.</summary>
    protected abstract Task StopProcessAsync();

    private async Task OnExitedAsync()
    {
        if (State != ResourceState.Running || _stopRequested || _context is null)
        {
            return;
        }

        var exitedAt = DateTimeOffset.UtcNow;
        var upFor = exitedAt - _runningSince;
        State = ResourceState.Exited;
        Health = ResourceHealth.Unhealthy;
        _consecutiveCrashes = upFor > RestartPolicy.StableAfter ? 1 : _consecutiveCrashes + 1;
        var delay = RestartPolicy.DelayAfter(_consecutiveCrashes);
        _context.Log(Name, $"{Name} exited unexpectedly; restarting in {delay.TotalSeconds:F0} s (crash {_consecutiveCrashes} in a row).");
        try
        {
            await Task.Delay(delay, _applicationStopping);
            await _lifecycle.WaitAsync(_applicationStopping);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            if (!_stopRequested && State == ResourceState.Exited)
            {
                // What the crashed process started (a broker's epmd, say) must go before the new one binds.
                await StopProcessAsync();
                await StartAgainAsync();
                _context.Log(Name, $"{Name} restarted: pid {Pid}, ready {(DateTimeOffset.UtcNow - exitedAt).TotalSeconds:F1} s after it exited.");
            }
        }
        catch (Exception exception)
        {
            _context.Log(Name, $"Restart of {Name} failed: {exception.Message}");
            State = ResourceState.FailedToStart;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private async Task StartAgainAsync()
    {
        State = ResourceState.Starting;
        await StartAsync(_context!, _applicationStopping);
        _runningSince = DateTimeOffset.UtcNow;
        RestartCount++;
        State = ResourceState.Running;
    }
}

public enum ResourceState
{
    NotStarted,
    Waiting,
    Starting,
    Running,
    Stopping,
    Exited,
    FailedToStart,
    Stopped,
}
