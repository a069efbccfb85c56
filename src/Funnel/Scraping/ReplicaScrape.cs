using Handoff.Funnel.Prometheus;

namespace Handoff.Funnel.Scraping;

/// <summary>What one replica's <c>/metrics</c> gave: its samples, or why there are none (<see cref="Failure"/>).</summary>
public sealed record ReplicaScrape(string Replica, IReadOnlyList<PrometheusSample> Samples, string? Failure)
{
    public bool Succeeded => Failure is null;

    public static ReplicaScrape Scraped(string replica, IReadOnlyList<PrometheusSample> samples) => new(replica, samples, null);

    /// <summary>Also for a replica the host knows of but could not ask (not running, no endpoint yet).</summary>
    public static ReplicaScrape Failed(string replica, string reason) => new(replica, [], reason);
}
