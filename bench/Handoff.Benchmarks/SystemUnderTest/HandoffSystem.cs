using Handoff.Contracts;
using Handoff.TestSupport.AppHost;

namespace Handoff.Benchmarks.SystemUnderTest;

/// <summary>
/// The real system as the tests start it: the AppHost's own model (<c>Projects.AppHost</c>) run by Aspire.Hosting.Testing
/// in this process, without the dashboard. Aspire still hands each service an OTLP endpoint (<see cref="OtlpEndpoints"/>,
/// printed with the figures) where nothing listens: the services record and try to export their telemetry as they would
/// in production, and those failed exports are part of what is measured. Aspire runs each project with
/// <c>dotnet run --configuration</c> of the AppHost's build, and the AppHost is built with this program: a Release
/// benchmark starts Release services (<see cref="CommandLines"/> shows what actually runs).
/// </summary>
public sealed class HandoffSystem : IAsyncDisposable
{
    /// <summary>
    /// The benchmark measures capacity: thousands of synthetic users of one tenant, and a loopback connector that is not
    /// Teams. The limits that protect real tenants and honour Teams' send rates would measure themselves instead
    /// (RateLimitTests cover them; the pacing phase, with its own system, measures the outbound pacing). So do the
    /// tenant's storage caps: the phases mint tens of thousands of tokens for the one tenant (24,050 for the click and
    /// saturation phases alone, beside the query phase's and the soak's), past its 20,000 open handoffs, and the minting
    /// then waits for the unused ones to expire (StorageBoundsTests and StorageCapTrafficTests cover the caps).
    /// </summary>
    private static readonly Dictionary<string, string> CapacityEnvironment = new()
    {
        ["RateLimits__TenantActivitiesPerSecond"] = "1000000",
        ["RateLimits__UserActivitiesPerMinute"] = "1000000",
        ["Connector__PaceSends"] = "false",
        ["State__MaxOpenContextsPerTenant"] = "10000000",
        ["State__MaxStoredHandoffsPerTenant"] = "100000000",
    };

    private HandoffSystem(AspireAppHost host, string redisConnectionString, Uri rabbitMqUri)
    {
        AppHost = host;
        RedisConnectionString = redisConnectionString;
        RabbitMqUri = rabbitMqUri;
    }

    public AspireAppHost AppHost { get; }

    public TimeSpan Startup => AppHost.StartupTime;

    public Uri MessagesEndpoint => AppHost.MessagesEndpoint;

    /// <summary>What the AppHost hands ConversationState as <c>ConnectionStrings__redis</c>.</summary>
    public string RedisConnectionString { get; }

    /// <summary>What the AppHost hands the services as <c>ConnectionStrings__rabbitmq</c>.</summary>
    public Uri RabbitMqUri { get; }

    public static IReadOnlyList<string> ServiceNames { get; } = [ResourceNames.BotGateway, ResourceNames.HandoffService, ResourceNames.ConversationState];

    public static IReadOnlyList<string> BrokerNames { get; } = [ResourceNames.Redis, ResourceNames.RabbitMq];

    /// <summary>
    /// Resource name → the process that does its work, read afresh (a restart changes it): a service's own process, not
    /// the <c>dotnet run</c> wrapper; Redis's server; RabbitMQ's Erlang VM. A broker Aspire runs as a container has no
    /// process here and is left out.
    /// </summary>
    public IReadOnlyDictionary<string, int> Pids
    {
        get
        {
            var pids = new Dictionary<string, int>();
            foreach (var name in ServiceNames.Concat(BrokerNames))
            {
                try
                {
                    pids[name] = AppHost.ProcessOf(name);
                }
                catch (InvalidOperationException) when (BrokerNames.Contains(name))
                {
                }
            }

            return pids;
        }
    }

    /// <summary>Service → the <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> its own process was started with, read from <c>/proc</c> ("(none)" when unset).</summary>
    public IReadOnlyDictionary<string, string> OtlpEndpoints => ServiceNames.ToDictionary(name => name, name =>
    {
        var environ = File.ReadAllText($"/proc/{AppHost.ProcessOf(name)}/environ").Split('\0');
        return environ.FirstOrDefault(variable => variable.StartsWith("OTEL_EXPORTER_OTLP_ENDPOINT=", StringComparison.Ordinal))?["OTEL_EXPORTER_OTLP_ENDPOINT=".Length..] ?? "(none)";
    });

    /// <summary>Service → the command lines of its own process and of the <c>dotnet run</c> wrapper that started it: the configuration shows in both.</summary>
    public IReadOnlyDictionary<string, ServiceCommandLine> CommandLines => ServiceNames.ToDictionary(name => name, name =>
    {
        var wrapper = AppHost.Snapshot(name).Properties.FirstOrDefault(property => property.Name == "executable.pid")?.Value?.ToString();
        return new ServiceCommandLine(CommandLine(AppHost.ProcessOf(name)), int.TryParse(wrapper, out var pid) ? CommandLine(pid) : "?");
    });

    /// <summary>
    /// The pacing phase: the inbound limits still lifted (its synthetic users are many), the Bot Connector pacing as
    /// shipped, shared through Redis.
    /// </summary>
    private static readonly Dictionary<string, string> PacingEnvironment = new()
    {
        ["RateLimits__TenantActivitiesPerSecond"] = "1000000",
        ["RateLimits__UserActivitiesPerMinute"] = "1000000",
    };

    /// <summary>For capacity: the inbound limits lifted, the outbound pacing off.</summary>
    public static Task<HandoffSystem> StartAsync(CancellationToken cancellationToken) => StartAsync(CapacityEnvironment, cancellationToken);

    /// <summary>With the Bot Connector pacing on, at Teams' documented limits.</summary>
    public static Task<HandoffSystem> StartWithPacingAsync(CancellationToken cancellationToken) => StartAsync(PacingEnvironment, cancellationToken);

    /// <summary>For turns: the inbound limits lifted, the AppHost given <c>ConnectionStrings:chat</c>, which it passes on to the gateway.</summary>
    public static Task<HandoffSystem> StartWithChatModelAsync(string chatConnectionString, CancellationToken cancellationToken) =>
        StartAsync(PacingEnvironment, cancellationToken, $"--ConnectionStrings:chat={chatConnectionString}");

    private static async Task<HandoffSystem> StartAsync(Dictionary<string, string> environment, CancellationToken cancellationToken, params string[] arguments)
    {
        var host = await AspireAppHost.StartAsync(environment, dashboard: false, cancellationToken, arguments);
        try
        {
            var redis = await host.ConnectionStringAsync(ResourceNames.Redis);
            var rabbitMq = new Uri(await host.ConnectionStringAsync(ResourceNames.RabbitMq));
            return new HandoffSystem(host, redis, rabbitMq);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops everything; what the AppHost and the services logged (the last lines it kept) goes to the console, which Program.cs sends to services.log.</summary>
    public async ValueTask DisposeAsync()
    {
        var output = AppHost.Output;
        await AppHost.DisposeAsync();
        Console.WriteLine(output);
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return $"pid {pid} (gone)";
        }
    }
}

/// <param name="Service">The service's own process: the build output it runs from.</param>
/// <param name="Wrapper">The <c>dotnet run</c> DCP started, with the AppHost's <c>--configuration</c>.</param>
public sealed record ServiceCommandLine(string Service, string Wrapper);
