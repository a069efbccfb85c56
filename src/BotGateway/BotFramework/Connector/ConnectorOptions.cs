using System.ComponentModel.DataAnnotations;

namespace Handoff.BotGateway.BotFramework.Connector;

/// <summary>Section <c>Connector</c>: where replies may be sent, how they are retried and paced.</summary>
public sealed class ConnectorOptions
{
    public const string SectionName = "Connector";

    /// <summary>The Teams and Bot Framework connector hosts, used when <see cref="AllowedServiceHosts"/> is empty.</summary>
    public static readonly IReadOnlyList<string> DefaultServiceHosts =
    [
        "smba.trafficmanager.net",
        "*.botframework.com",
        "*.botframework.us",
        "*.teams.microsoft.com",
        "*.teams.microsoft.us",
    ];

    /// <summary>
    /// Hosts a serviceUrl may name (<c>*.</c> matches any subdomain); empty means <see cref="DefaultServiceHosts"/>.
    /// A forged activity must not make us post (later: with a bearer token) to a host of its choosing.
    /// </summary>
    public List<string> AllowedServiceHosts { get; set; } = [];

    /// <summary>Also allow http://localhost / 127.0.0.1 / [::1] (the Agents Playground, the Emulator, tests). On in Development.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>The longest one send may take, retries included, before it gives up.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The longest one attempt's HTTP exchange with the connector may take. It starts when the pacing lets the attempt
    /// go: a tenant's backlog can hold a send in the queue longer than this without failing it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a throttled (429) or failed (5xx, timeout) send is tried again.</summary>
    public int MaxRetries { get; set; } = 6;

    /// <summary>
    /// Off: sends go out as they come, with no pacing and no Redis round trip. Only for a connector that is not Teams
    /// (the benchmark's recording connector, to measure capacity rather than Teams' limits); a 429 still waits its Retry-After.
    /// </summary>
    public bool PaceSends { get; set; } = true;

    /// <summary>
    /// Sends per second per app per tenant, across every gateway replica (Teams: 50). Sends that carry no tenant
    /// share one bucket of this size of their own.
    /// </summary>
    [Range(1, 100_000)]
    public int SendsPerSecondPerTenant { get; set; } = 50;

    /// <summary>Sends to one conversation (thread) per second (Teams: 7 per 1 s).</summary>
    [Range(1, 100_000)]
    public int SendsPerSecondPerConversation { get; set; } = 7;

    /// <summary>Sends to one conversation per 2 s (Teams: 8).</summary>
    [Range(1, 100_000)]
    public int SendsPer2SecondsPerConversation { get; set; } = 8;

    /// <summary>Sends to one conversation per 30 s (Teams: 60).</summary>
    [Range(1, 1_000_000)]
    public int SendsPer30SecondsPerConversation { get; set; } = 60;

    /// <summary>Sends to one conversation per hour (Teams: 1,800).</summary>
    [Range(1, 10_000_000)]
    public int SendsPerHourPerConversation { get; set; } = 1800;

    /// <summary>
    /// Added to every window: Teams counts when a send arrives, we count when it leaves, and a cold connection or a
    /// busy machine can bunch sends that left a window apart (we measured 130 ms on a loaded test machine).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan PacingGuard { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How many gateway replicas share the limits. Only used while Redis is unreachable: each replica then paces
    /// on its own with the tenant limit divided by this (the AppHost sets it from <c>--replicas</c>).
    /// </summary>
    [Range(1, 1000)]
    public int ReplicaCount { get; set; } = 1;

    /// <summary>The first back-off after a 5xx; it doubles each time. A 429's Retry-After wins over it.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);
}
