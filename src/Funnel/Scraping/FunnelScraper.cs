using Handoff.Funnel.Prometheus;

namespace Handoff.Funnel.Scraping;

/// <summary>
/// Reads <c>GET {base}/metrics</c> from every replica at once, each within a short timeout: the funnel is asked
/// for from the dashboard, and one hung replica must make it partial, not late.
/// </summary>
public sealed class FunnelScraper(HttpClient http)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    /// <param name="timeout">Per replica; <see cref="DefaultTimeout"/> when null.</param>
    public async Task<ScrapeResult> ScrapeAsync(IEnumerable<ScrapeTarget> targets, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var replicas = await Task.WhenAll(targets.Select(target => ScrapeAsync(target, timeout ?? DefaultTimeout, cancellationToken)));
        return new ScrapeResult(replicas);
    }

    private async Task<ReplicaScrape> ScrapeAsync(ScrapeTarget target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await http.GetAsync(MetricsAddress(target.BaseAddress), HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                return ReplicaScrape.Failed(target.Replica, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd());
            }

            var text = await response.Content.ReadAsStringAsync(deadline.Token);
            return ReplicaScrape.Scraped(target.Replica, PrometheusText.Parse(text));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ReplicaScrape.Failed(target.Replica, $"no answer within {timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException exception)
        {
            return ReplicaScrape.Failed(target.Replica, exception.Message);
        }
    }

    private static Uri MetricsAddress(Uri baseAddress) => new($"{baseAddress.AbsoluteUri.TrimEnd('/')}/metrics");
}
