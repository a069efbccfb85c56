using Handoff.Hosting.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Handoff.Hosting.Orchestration;

/// <summary>
/// Shaped after Aspire's builder (<c>AddRedis</c>, <c>AddRabbitMQ</c>, <c>AddProject</c>, <c>WithReference</c>,
/// <c>WaitFor</c>) so that the AppHost's Program.cs reads the same and can move to Aspire.Hosting unchanged
/// in spirit (docs/decisions/0002-our-own-apphost.md).
/// </summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];
    private readonly List<IDistributedApplicationLifecycleHook> _hooks = [];
    private readonly List<ParameterResource> _parameters = [];

    private DistributedApplicationBuilder(string[] args)
    {
        ExecutionContext = DistributedApplicationExecutionContext.FromArguments(args);
        Configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddCommandLine(args, new Dictionary<string, string>
            {
                ["--data-dir"] = "AppHost:DataDirectory",
                ["--environment"] = "AppHost:Environment",
                ["--gateway-port"] = "AppHost:GatewayPort",
                ["--dashboard-port"] = "AppHost:DashboardPort",
                ["--output"] = "AppHost:PublishOutput",
                ["--replicas"] = "AppHost:Replicas",
                ["--redis-replicas"] = "AppHost:RedisReplicas",
                ["--rabbitmq-nodes"] = "AppHost:RabbitMqNodes",
            })
            .Build();
    }

    public IConfiguration Configuration { get; }

    public IReadOnlyList<Resource> Resources => _resources;

    public IReadOnlyList<ParameterResource> Parameters => _parameters;

    public DistributedApplicationExecutionContext ExecutionContext { get; }

    public static DistributedApplicationBuilder Create(string[] args) => new(args);

    /// <summary>A count given on the command line (<paramref name="option"/>, or <paramref name="key"/> in configuration), checked.</summary>
    public int CountOption(string option, string key, int defaultValue, int min, int max)
    {
        var text = Configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaultValue;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new InvalidOperationException($"{option} must be a whole number from {min} to {max} (got '{text}').");
    }

    /// <summary>
    /// One Redis, or with <c>--redis-replicas N</c> (<c>AppHost:RedisReplicas</c>) a primary, N replicas and three
    /// sentinels, handed over as a Sentinel connection string, to try failover locally.
    /// </summary>
    public ResourceBuilder<RedisResource> AddRedis(string name) =>
        Add(new RedisResource(name, LoopbackPorts.Free(), CountOption("--redis-replicas", "AppHost:RedisReplicas", 0, 0, 5)));

    /// <summary>RabbitMQ on loopback: one node, or a cluster of <c>--rabbitmq-nodes N</c> (<c>AppHost:RabbitMqNodes</c>) nodes.</summary>
    public ResourceBuilder<RabbitMqResource> AddRabbitMQ(string name)
    {
        // 3 is the smallest cluster that survives losing a node.
        var nodes = CountOption("--rabbitmq-nodes", "AppHost:RabbitMqNodes", 1, 1, 9);

        return Add(new RabbitMqResource(name, [.. Enumerable.Range(0, nodes).Select(_ => LoopbackPorts.Free())]));
    }

    /// <summary>A .NET service of this repository, by its project (and assembly) name.</summary>
    public ResourceBuilder<ProjectResource> AddProject(string name, string projectName) =>
        Add(new ProjectResource(name, projectName, BuildOutput.AssemblyPath(projectName)));

    /// <summary>
    /// A YARP reverse proxy (Aspire's <c>AddYarp</c>): our <c>src/ReverseProxy</c> build, its routes set with
    /// <see cref="YarpResourceBuilderExtensions.WithConfiguration"/>. It checks its destinations' <c>/health</c>
    /// and sends around a replica that stopped answering.
    /// </summary>
    public ResourceBuilder<ProjectResource> AddYarp(string name) => AddProject(name, "ReverseProxy");

    /// <summary>
    /// A value from outside the model (Aspire's <c>AddParameter</c>). A local run takes <c>Parameters:{name}</c>
    /// from configuration, else <paramref name="generate"/>'s value, else leaves the variable unset.
    /// </summary>
    public ParameterResource AddParameter(string name, bool secret = false, bool optional = false, Func<string>? generate = null)
    {
        if (_parameters.Any(existing => existing.Name == name))
        {
            throw new InvalidOperationException($"A parameter named '{name}' already exists.");
        }

        var configured = Configuration[$"Parameters:{name}"];
        var parameter = new ParameterResource(name, secret, optional, string.IsNullOrEmpty(configured) ? generate?.Invoke() : configured);
        _parameters.Add(parameter);
        return parameter;
    }

    public DistributedApplicationBuilder AddLifecycleHook(IDistributedApplicationLifecycleHook hook)
    {
        _hooks.Add(hook);
        return this;
    }

    public DistributedApplication Build()
    {
        var configuredDirectory = Configuration["AppHost:DataDirectory"];
        var environment = Configuration["AppHost:Environment"] ?? Configuration["DOTNET_ENVIRONMENT"] ?? "Development";
        return new DistributedApplication(ReplicaExpansion.Expand(_resources), _hooks, environment, configuredDirectory);
    }

    private ResourceBuilder<T> Add<T>(T resource)
        where T : Resource
    {
        if (_resources.Any(existing => existing.Name == resource.Name))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' already exists.");
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(resource);
    }
}
