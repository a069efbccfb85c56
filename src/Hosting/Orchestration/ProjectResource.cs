using Handoff.Hosting.Infrastructure;
using Handoff.Hosting.Processes;

namespace Handoff.Hosting.Orchestration;

/// <summary>
/// One of our .NET services, run from its build output with <c>dotnet</c>, ready once <c>/health</c> answers 200.
/// With <see cref="Replicas"/> above one, the AppHost runs that many copies, each a resource of its own
/// (<c>{name}-0</c>, <c>{name}-1</c>…) sharing the service name (see <see cref="ReplicaExpansion"/>).
/// </summary>
public sealed class ProjectResource(string name, string projectName, string assemblyPath) : Resource(name)
{
    private static readonly HttpClient HealthClient = new() { Timeout = TimeSpan.FromSeconds(2) };
    private ChildProcess? _process;
    private Dictionary<string, string> _launchEnvironment = [];

    public string ProjectName { get; } = projectName;

    /// <summary>The name other services discover it by and its telemetry carries; a replica's resource name adds its index.</summary>
    public string ServiceName { get; private init; } = name;

    /// <summary>How many copies to run (Aspire's <c>WithReplicas</c>); a replica itself has 1.</summary>
    public int Replicas { get; set; } = 1;

    /// <summary>This copy's place among its service's replicas: its <c>services__{service}__http__{index}</c> entry.</summary>
    public int ReplicaIndex { get; private init; }

    /// <summary>Whether <see cref="Port"/> was chosen in the model (a fixed port cannot be shared by replicas).</summary>
    public bool HasFixedPort { get; set; }

    /// <summary>Left out of what <c>publish</c> writes (Aspire's <c>ExcludeFromManifest</c>), e.g. a proxy an orchestrator replaces.</summary>
    public bool ExcludedFromManifest { get; set; }

    public string AssemblyPath { get; } = assemblyPath;

    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = LoopbackPorts.Free();

    public Dictionary<string, string> Environment { get; } = [];

    /// <summary>Variables whose values come from parameters (secrets among them), kept apart so a publisher can refer to them.</summary>
    public Dictionary<string, ParameterResource> ParameterEnvironment { get; } = [];

    public List<Resource> References { get; } = [];

    /// <summary>Reached from outside (Teams calls the gateway), as Aspire's <c>WithExternalHttpEndpoints</c>.</summary>
    public bool HasExternalHttpEndpoints { get; set; }

    public override string Kind => "Project";

    public Uri HttpEndpoint => new($"http://{Host}:{Port}");

    public override string Endpoint => HttpEndpoint.ToString().TrimEnd('/');

    public override int? Pid => _process?.Pid;

    public ChildProcess? Process => _process;

    public override DateTimeOffset? StartedAt => _process is { HasExited: false } process ? process.StartedAt : null;

    public override IReadOnlyDictionary<string, string> DisplayEnvironment => _launchEnvironment;

    public Uri HealthUri => new($"http://127.0.0.1:{Port}/health");

    public override IEnumerable<KeyValuePair<string, string>> ReferenceEnvironment =>
        // Aspire's service-discovery form: services__{name}__{endpoint}__{index}.
        [new($"services__{ServiceName}__http__{ReplicaIndex}", $"http://127.0.0.1:{Port}")];

    /// <summary>Copy <paramref name="index"/> of this service, configured as this one is, on a port of its own.</summary>
    internal ProjectResource CreateReplica(int index) =>
        new ProjectResource($"{Name}-{index}", ProjectName, AssemblyPath)
        {
            ServiceName = ServiceName,
            ReplicaIndex = index,
            Host = Host,
            HasExternalHttpEndpoints = HasExternalHttpEndpoints,
            ExcludedFromManifest = ExcludedFromManifest,
            RestartPolicy = RestartPolicy,
        }.CopyModelFrom(this);

    private ProjectResource CopyModelFrom(ProjectResource template)
    {
        foreach (var (key, value) in template.Environment)
        {
            Environment[key] = value;
        }

        foreach (var (key, parameter) in template.ParameterEnvironment)
        {
            ParameterEnvironment[key] = parameter;
        }

        References.AddRange(template.References);
        WaitsFor.AddRange(template.WaitsFor);
        Annotations.AddRange(template.Annotations);
        return this;
    }

    protected override async Task StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        if (!File.Exists(AssemblyPath))
        {
            throw new ProvisioningException($"{AssemblyPath} does not exist. Build the solution first: dotnet build Handoff.sln");
        }

        if (!LoopbackPorts.IsFree(Port))
        {
            if (HasFixedPort || _process is not null)
            {
                throw new ProvisioningException(
                    $"Port {Port} for {Name} is in use. Stop whatever listens there (another AppHost or bot?) or choose another port.");
            }

            // A port chosen when the model was built can be taken by the time this first starts (a client's
            // ephemeral port, another AppHost's test). Nothing has been handed it yet: whatever references this waits for it.
            Port = LoopbackPorts.Free();
        }

        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://{Host}:{Port}",
            ["ASPNETCORE_ENVIRONMENT"] = context.EnvironmentName,
            ["DOTNET_ENVIRONMENT"] = context.EnvironmentName,
            ["OTEL_SERVICE_NAME"] = ServiceName,
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled",
        };
        if (ServiceName != Name)
        {
            // The dashboard tells replicas apart by this (Aspire sets it the same way).
            environment["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={Name}";
        }

        foreach (var reference in References)
        {
            foreach (var (key, value) in reference.ReferenceEnvironment)
            {
                environment[key] = value;
            }
        }

        foreach (var (key, value) in Environment)
        {
            environment[key] = value;
        }

        foreach (var (key, parameter) in ParameterEnvironment)
        {
            if (parameter.Value is not null)
            {
                environment[key] = parameter.Value;
            }
        }

        _launchEnvironment = environment;
        _process = ChildProcess.Start(
            new ChildProcessSpec("dotnet", [AssemblyPath], environment, Path.GetDirectoryName(AssemblyPath)),
            line => context.Log(Name, line));
        WatchForExit(_process.Exited);
        await Readiness.WaitAsync($"{Name} ({HealthUri})", token => Readiness.HttpOkAsync(HealthClient, HealthUri, token),
            _process.Exited, TimeSpan.FromSeconds(60), cancellationToken);
    }

    protected override Task<bool> ProbeAsync(CancellationToken cancellationToken) =>
        Readiness.HttpOkAsync(HealthClient, HealthUri, cancellationToken);

    protected override async Task StopProcessAsync()
    {
        if (_process is not null)
        {
            await _process.StopAsync(TimeSpan.FromSeconds(5));
        }
    }
}
