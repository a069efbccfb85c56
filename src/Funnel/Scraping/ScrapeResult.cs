using Handoff.Funnel.Prometheus;

namespace Handoff.Funnel.Scraping;

/// <summary>Every replica's scrape, in the order asked; the samples of those that answered, together.</summary>
public sealed record ScrapeResult(IReadOnlyList<ReplicaScrape> Replicas)
{
    public IEnumerable<PrometheusSample> Samples => Replicas.SelectMany(replica => replica.Samples);

    public IEnumerable<ReplicaScrape> Scraped => Replicas.Where(replica => replica.Succeeded);

    public IEnumerable<ReplicaScrape> Failed => Replicas.Where(replica => !replica.Succeeded);
}
