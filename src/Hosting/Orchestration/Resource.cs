namespace Handoff.Hosting.Orchestration;

/// <summary>Something the AppHost starts and stops: a broker or a service process.</summary>
public abstract class Resource(string name)
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name { get; } = name;

    public ResourceState State { get; protected set; } = ResourceState.NotStarted;

    public abstract string Kind { get; }

    /// <summary>Where to reach it, for the start-up table.</summary>
    public abstract string Endpoint { get; }

    public abstract int? Pid { get; }

    public List<Resource> WaitsFor { get; } = [];

    /// <summary>Environment variables this resource hands to the resources that reference it (Aspire's conventions).</summary>
    public abstract IEnumerable<KeyValuePair<string, string>> ReferenceEnvironment { get; }

    public Task Ready => _ready.Task;

    internal async Task StartAfterDependenciesAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        try
        {
            if (WaitsFor.Count > 0)
            {
                State = ResourceState.Waiting;
                await Task.WhenAll(WaitsFor.Select(dependency => dependency.Ready)).WaitAsync(cancellationToken);
            }

            State = ResourceState.Starting;
            await StartAsync(context, cancellationToken);
            State = ResourceState.Running;
            _ready.TrySetResult();
        }
        catch (Exception exception)
        {
            State = ResourceState.FailedToStart;
            _ready.TrySetException(exception);
            throw;
        }
    }

    /// <summary>A process that ends while it should be running is shown as Exited (a crash), not Stopped.</summary>
    protected void WatchForExit(Task exited) =>
        exited.ContinueWith(_ =>
        {
            if (State == ResourceState.Running)
            {
                State = ResourceState.Exited;
            }
        }, TaskScheduler.Default);

    protected void MarkStopping() => State = ResourceState.Stopped;

    protected abstract Task StartAsync(ResourceContext context, CancellationToken cancellationToken);

    public abstract Task StopAsync();
}

public enum ResourceState
{
    NotStarted,
    Waiting,
    Starting,
    Running,
    Exited,
    FailedToStart,
    Stopped,
}
