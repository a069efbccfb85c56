namespace Handoff.BotGateway.BotFramework.Connector;

/// <summary>Section <c>Connector</c>: where replies may be sent.</summary>
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

    /// <summary>How often a throttled (429) or failed (5xx, timeout) send is tried again.</summary>
    public int MaxRetries { get; set; } = 6;

    /// <summary>
    /// Sends per second to one conversation. Teams allows 7 per second per thread (and 60 per 30 s); staying
    /// under it avoids the 429s rather than retrying them.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1000)]
    public int SendsPerSecondPerConversation { get; set; } = 7;

    /// <summary>Sends per second across all conversations (Teams: 50 per second per bot, per tenant).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int SendsPerSecond { get; set; } = 50;

    /// <summary>The first back-off after a 5xx; it doubles each time. A 429's Retry-After wins over it.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);
}
