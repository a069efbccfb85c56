using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Handoff.AppHost.Restarts;
using Handoff.AppHost.Services;
using Handoff.Contracts;
using Handoff.Contracts.Clients;
using Handoff.TestSupport.Processes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Handoff.TestSupport.AppHost;

/// <summary>
/// The real AppHost (<c>Projects.AppHost</c>) run by Aspire.Hosting.Testing in this process, with DCP, the brokers and
/// the services it starts: ready once every resource is Running and healthy. Tests kill a resource's own process,
/// wait for the AppHost to restart it, and read what the AppHost and the resources logged.
/// </summary>
public sealed class AspireAppHost : IAsyncDisposable
{
    private readonly DistributedApplication _app;
    private readonly LogCollector _logs;
    private readonly string _dataDirectory;
    private readonly ConcurrentDictionary<string, int> _seenProcesses = new();
    private readonly ConcurrentDictionary<string, ResourceEvent> _states = new();
    private readonly CancellationTokenSource _stopFollowing = new();

    private AspireAppHost(DistributedApplication app, LogCollector logs, string dataDirectory)
    {
        _app = app;
        _logs = logs;
        _dataDirectory = dataDirectory;
    }

    public DistributedApplication App => _app;

    public ResourceNotificationService Notifications => _app.ResourceNotifications;

    public Uri MessagesEndpoint => new(_app.GetEndpoint(ResourceNames.BotGateway, "http"), BotEndpointExtensions.MessagesPath);

    public TimeSpan StartupTime { get; private set; }

    /// <summary>The dashboard's login link, when it was asked for (<c>dashboard: true</c>).</summary>
    public Uri? DashboardLoginLink => _logs.Lines.Select(DashboardLogin).LastOrDefault(link => link is not null);

    /// <summary>What the AppHost and every resource logged, oldest first.</summary>
    public string Output => string.Join(Environment.NewLine, _logs.Lines);

    /// <summary>
    /// Whether <paramref name="text"/> shows in <see cref="Output"/> within <paramref name="timeout"/>: a resource's
    /// console reaches the AppHost's loggers through DCP's log stream, seconds behind the HTTP answer on a busy machine.
    /// </summary>
    public async Task<bool> LoggedAsync(string text, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!_logs.Lines.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(200, cancellationToken);
        }

        return true;
    }

    public static Task<AspireAppHost> StartAsync(CancellationToken cancellationToken, params string[] arguments) =>
        StartAsync(new Dictionary<string, string>(), dashboard: false, cancellationToken, arguments);

    /// <summary>
    /// The AppHost's brokers alone, as its switches build them: the services are taken out of the model before it is
    /// built (nothing in it waits for them), so a broker test does not start three services it never asks.
    /// </summary>
    public static Task<AspireAppHost> StartBrokersAsync(CancellationToken cancellationToken, params string[] arguments) =>
        StartAsync(new Dictionary<string, string>(), dashboard: false, brokersOnly: true, arguments, cancellationToken);

    /// <param name="environment">Set on every service (e.g. <c>Admin__ApiKey</c>), as the AppHost's own environment would be.</param>
    public static Task<AspireAppHost> StartAsync(IReadOnlyDictionary<string, string> environment, bool dashboard,
        CancellationToken cancellationToken, params string[] arguments) =>
        StartAsync(environment, dashboard, brokersOnly: false, arguments, cancellationToken);

    private static async Task<AspireAppHost> StartAsync(IReadOnlyDictionary<string, string> environment, bool dashboard, bool brokersOnly,
        string[] arguments, CancellationToken cancellationToken)
    {
        var dataDirectory = TestDirectories.Create("apphost");
        var clock = Stopwatch.StartNew();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--data-dir", dataDirectory, .. arguments],
            (options, _) => options.DisableDashboard = !dashboard,
            cancellationToken);
        if (dashboard)
        {
            builder.Configuration["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
            builder.Configuration["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = "http://127.0.0.1:0";
            builder.Configuration["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
            // Headless Chromium reads the pages as any browser would; the token login is Aspire's own and not what is tested.
            builder.Configuration["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
        }

        if (brokersOnly)
        {
            foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
            {
                builder.Resources.Remove(project);
            }
        }

        var logs = new LogCollector();
        builder.Services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            foreach (var (name, value) in environment)
            {
                project.Annotations.Add(new EnvironmentCallbackAnnotation(name, () => value));
            }
        }

        var app = await builder.BuildAsync(cancellationToken);
        var host = new AspireAppHost(app, logs, dataDirectory);
        _ = host.FollowAsync();
        try
        {
            using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            startup.CancelAfter(TimeSpan.FromMinutes(3));
            await app.StartAsync(startup.Token);
            foreach (var resource in app.Services.GetRequiredService<DistributedApplicationModel>().Resources
                .Where(resource => resource is ProjectResource || resource.Annotations.OfType<HealthCheckAnnotation>().Any()))
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(resource.Name, startup.Token);
            }

            foreach (var service in app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ProjectResource>())
            {
                await host.WaitForInstancesAsync(service.Name, startup.Token);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var output = host.Output;
            await host.DisposeAsync();
            throw new InvalidOperationException($"The AppHost did not get ready in {clock.Elapsed.TotalSeconds:F0} s ({exception.GetType().Name}: {exception.Message}). What it logged:{Environment.NewLine}{output}", exception);
        }

        host.StartupTime = clock.Elapsed;
        return host;
    }

    /// <summary>What a resource hands its referencers as <c>ConnectionStrings__{name}</c>.</summary>
    public async Task<string> ConnectionStringAsync(string resource) =>
        await _app.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException($"{resource} has no connection string.");

    /// <summary>The value of a parameter the AppHost declared, such as a key it generated for this run.</summary>
    public async Task<string> ParameterAsync(string name, CancellationToken cancellationToken) =>
        await _app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>()
            .Single(parameter => parameter.Name == name).GetValueAsync(cancellationToken)
        ?? throw new InvalidOperationException($"The parameter {name} has no value.");

    /// <summary>A client of ConversationState's API that calls as <paramref name="caller"/>, with the key the AppHost generated for it.</summary>
    public async Task<HttpClient> ConversationStateClientAsync(string caller, CancellationToken cancellationToken)
    {
        var key = await ParameterAsync(CallerCredential.KeyParameter(caller), cancellationToken);
        var http = new HttpClient { BaseAddress = HttpEndpoint(ResourceNames.ConversationState) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(CallerCredential.Scheme, key);
        return http;
    }

    /// <summary>A project's HTTP endpoint, as its referencers reach it (DCP's proxy in front of its replicas).</summary>
    public Uri HttpEndpoint(string resource) => _app.GetEndpoint(resource, "http");

    /// <summary>The latest snapshot of <paramref name="instance"/>, as the dashboard shows it.</summary>
    public CustomResourceSnapshot Snapshot(string instance) => Resolve(instance).Snapshot;

    /// <summary>The instances of a resource: its name, or with replicas its DCP names (<c>botgateway-abcd1234</c>), in a fixed order.</summary>
    public IReadOnlyList<string> Instances(string resource) =>
        [.. CurrentStates().Where(state => state.Resource.Name == resource).Select(state => state.ResourceId).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The process a crash test kills for <paramref name="instance"/> (a resource name, or <c>name-N</c> for its Nth replica):
    /// a project's own process, not the <c>dotnet run</c> wrapper; an executable's, or for RabbitMQ the Erlang VM its script started.
    /// </summary>
    public int ProcessOf(string instance)
    {
        var state = Resolve(instance);
        var properties = state.Snapshot.Properties;
        var wrapper = Property(properties, "executable.pid");
        var pid = state.Resource is ProjectResource
            ? Property(properties, ServiceProcesses.PidProperty)
            : wrapper is { } executable && ServiceProcessTree.FindService(executable, "beam") is { } beam ? beam : wrapper;
        if (pid is not { } found)
        {
            throw new InvalidOperationException($"{instance} ({state.ResourceId}) shows no process: state {state.Snapshot.State?.Text}.");
        }

        _seenProcesses[$"{state.ResourceId}:{found}"] = found;
        if (wrapper is { } wrapped)
        {
            _seenProcesses[$"{state.ResourceId}:{wrapped}"] = wrapped;
        }

        return found;
    }

    /// <summary>kill -9 of <paramref name="instance"/>'s own process; returns when it was killed and how often it had been restarted.</summary>
    public ResourceKill Kill(string instance)
    {
        var resourceId = Resolve(instance).ResourceId;
        var restartsBefore = Restarts(resourceId);
        var pid = ProcessOf(instance);
        PosixSignals.Signal(pid, PosixSignals.SigKill);
        return new ResourceKill(instance, resourceId, pid, restartsBefore, DateTimeOffset.UtcNow);
    }

    /// <summary>Waits until the AppHost restarted the killed resource and it is Running and healthy again.</summary>
    public async Task<ResourceRestart> WaitForRestartAsync(ResourceKill kill, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                if (Notifications.TryGetCurrentState(kill.ResourceId, out var state)
                    && Restarts(kill.ResourceId) > kill.RestartsBefore
                    && state.Snapshot.State?.Text == KnownResourceStates.Running
                    && (state.Snapshot.HealthStatus is null or Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy)
                    && TryProcessOf(kill.ResourceId) is { } pid && pid != kill.Pid)
                {
                    return new ResourceRestart(kill.Instance, pid, DateTimeOffset.UtcNow - kill.At);
                }

                await Task.Delay(50, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{kill.Instance} was not restarted and healthy within {timeout.TotalSeconds:F0} s. What the AppHost logged:{Environment.NewLine}{Output}");
        }
    }

    /// <summary>Every process the AppHost's resources run now: the wrappers DCP started and what they started.</summary>
    public IReadOnlyList<int> AllProcesses()
    {
        var pids = new List<int>();
        foreach (var state in CurrentStates())
        {
            if (Property(state.Snapshot.Properties, "executable.pid") is { } wrapper)
            {
                pids.Add(wrapper);
            }

            if (Property(state.Snapshot.Properties, ServiceProcesses.PidProperty) is { } service)
            {
                pids.Add(service);
            }

            if (state.Resource is not ProjectResource && TryProcessOf(state.ResourceId) is { } own)
            {
                pids.Add(own);
            }
        }

        foreach (var pid in pids)
        {
            _seenProcesses[$"all:{pid}"] = pid;
        }

        return [.. pids.Distinct()];
    }

    /// <summary>Stops the AppHost as Ctrl+C would; returns how long it took.</summary>
    public async Task<TimeSpan> StopAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await _app.StopAsync(cancellationToken);
        return clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopFollowing.CancelAsync();
        try
        {
            await _app.DisposeAsync();
        }
        catch (Exception exception) when (exception is OperationCanceledException or InvalidOperationException or AggregateException)
        {
            // Already stopped, or stopped half-way by a failed start.
        }

        // Whatever the AppHost failed to stop must not outlive the test run.
        foreach (var pid in _seenProcesses.Values.Distinct())
        {
            PosixSignals.Signal(pid, PosixSignals.SigKill);
        }

        TestDirectories.Delete(_dataDirectory);
    }

    private async Task WaitForInstancesAsync(string service, CancellationToken cancellationToken)
    {
        var expected = _app.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .OfType<ProjectResource>().Single(resource => resource.Name == service).GetReplicaCount();
        while (true)
        {
            var ready = CurrentStates().Count(state => state.Resource.Name == service
                && state.Snapshot.State?.Text == KnownResourceStates.Running
                && state.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
                && Property(state.Snapshot.Properties, ServiceProcesses.PidProperty) is not null);
            if (ready >= expected)
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private ResourceEvent Resolve(string instance)
    {
        var states = CurrentStates();
        if (states.FirstOrDefault(state => state.ResourceId == instance) is { } byId)
        {
            return byId;
        }

        var byName = states.Where(state => state.Resource.Name == instance).ToList();
        if (byName.Count == 1)
        {
            return byName[0];
        }

        var dash = instance.LastIndexOf('-');
        if (dash > 0 && int.TryParse(instance[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            var replicas = Instances(instance[..dash]);
            if (index < replicas.Count && replicas.Count > 1)
            {
                return states.Single(state => state.ResourceId == replicas[index]);
            }
        }

        throw new ArgumentException($"No resource instance '{instance}'. There are: {string.Join(", ", states.Select(state => state.ResourceId).Order(StringComparer.Ordinal))}", nameof(instance));
    }

    /// <summary><see cref="ProcessOf"/>, or null while the instance shows no process (stopped, restarting).</summary>
    public int? TryProcessOf(string resourceId)
    {
        try
        {
            return ProcessOf(resourceId);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>How many times the AppHost restarted this instance after a crash (its <c>handoff.restarts</c> property).</summary>
    public int Restarts(string resourceId) =>
        Notifications.TryGetCurrentState(resourceId, out var state) && Property(state.Snapshot.Properties, CrashRestarts.RestartsProperty) is { } count ? count : 0;

    private List<ResourceEvent> CurrentStates() => [.. _states.Values];

    /// <summary>The latest state of every resource instance, replicas included, as the dashboard sees them.</summary>
    private async Task FollowAsync()
    {
        try
        {
            await foreach (var update in _app.ResourceNotifications.WatchAsync(_stopFollowing.Token))
            {
                _states[update.ResourceId] = update;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static int? Property(IEnumerable<ResourcePropertySnapshot> properties, string name) =>
        properties.FirstOrDefault(property => property.Name == name)?.Value is { } value
        && int.TryParse(value.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>The dashboard's address as the AppHost logs it: its login link, or with anonymous access its address.</summary>
    private static Uri? DashboardLogin(string line)
    {
        foreach (var marker in new[] { "Login to the dashboard at ", "Now listening on: " })
        {
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0 && line.Contains("DistributedApplication", StringComparison.Ordinal))
            {
                return new Uri(line[(at + marker.Length)..].Trim());
            }
        }

        return null;
    }
}

/// <summary>A kill -9 a test made: which instance, its process, and how often the AppHost had restarted it before.</summary>
public sealed record ResourceKill(string Instance, string ResourceId, int Pid, int RestartsBefore, DateTimeOffset At);

/// <summary>A restart the AppHost made after a crash: the new process and how long after the kill it was healthy.</summary>
public sealed record ResourceRestart(string Resource, int Pid, TimeSpan RecoveryTime);
