using System.Diagnostics;
using System.Security.Cryptography;
using Handoff.Contracts;
using Handoff.Hosting.Infrastructure;
using Handoff.Hosting.Orchestration;

namespace Handoff.Benchmarks.SystemUnderTest;

/// <summary>
/// The real system, provisioned by the AppHost's own engine (src/Hosting) exactly as src/AppHost/Program.cs
/// wires it (Redis, RabbitMQ, the three services), in this process, without the dashboard. The services
/// run from the build output beside the benchmark, so a Release benchmark starts Release services.
/// </summary>
public sealed class HandoffSystem : IAsyncDisposable
{
    private readonly DistributedApplication _app;

    private HandoffSystem(DistributedApplication app, TimeSpan startup)
    {
        _app = app;
        Startup = startup;
    }

    public TimeSpan Startup { get; }

    public Uri MessagesEndpoint => new(_app.Get<ProjectResource>(ResourceNames.BotGateway).HttpEndpoint, "/api/messages");

    public string RedisConnectionString => _app.Get<RedisResource>(ResourceNames.Redis).ConnectionString;

    public Uri RabbitMqUri => new(_app.Get<RabbitMqResource>(ResourceNames.RabbitMq).ConnectionString);

    /// <summary>Resource name → PID of its (root) process, for CPU and memory readings.</summary>
    public IReadOnlyDictionary<string, int> Pids => _app.Resources
        .Where(resource => resource.Pid is not null)
        .ToDictionary(resource => resource.Name, resource => resource.Pid!.Value);

    /// <summary>The AppHost engine's resources: state, health, restart count, PID (the fault run kills and watches them).</summary>
    public IReadOnlyList<Resource> Resources => _app.Resources;

    public Resource Find(string name) => _app.Resources.Single(resource => resource.Name == name);

    public static IEnumerable<string> ServiceNames => [ResourceNames.BotGateway, ResourceNames.HandoffService, ResourceNames.ConversationState];

    public static async Task<HandoffSystem> StartAsync(CancellationToken cancellationToken)
    {
        var builder = DistributedApplicationBuilder.Create([]);
        var redis = builder.AddRedis(ResourceNames.Redis);
        var rabbitmq = builder.AddRabbitMQ(ResourceNames.RabbitMq);

        var conversationState = builder.AddProject(ResourceNames.ConversationState, "ConversationState")
            .WithEnvironment("State__Encryption__Keys__bench", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
            .WithEnvironment("State__Encryption__ActiveKeyId", "bench")
            .WithReference(redis)
            .WaitFor(redis);

        builder.AddProject(ResourceNames.HandoffService, "HandoffService")
            .WithReference(rabbitmq)
            .WithReference(conversationState)
            .WaitFor(rabbitmq)
            .WaitFor(conversationState);

        builder.AddProject(ResourceNames.BotGateway, "BotGateway")
            .WithHttpEndpoint(port: LoopbackPorts.Free())
            // The benchmark measures capacity: thousands of synthetic users of one tenant, and a loopback connector
            // that is not Teams. The limits that protect real tenants and honour Teams' send rates would measure
            // themselves instead (RateLimitTests cover them).
            .WithEnvironment("RateLimits__TenantActivitiesPerSecond", "1000000")
            .WithEnvironment("RateLimits__UserActivitiesPerMinute", "1000000")
            .WithEnvironment("Connector__SendsPerSecond", "100000")
            .WithReference(rabbitmq)
            .WithReference(conversationState)
            .WaitFor(rabbitmq)
            .WaitFor(conversationState);

        var app = builder.Build();
        var clock = Stopwatch.StartNew();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new HandoffSystem(app, clock.Elapsed);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
