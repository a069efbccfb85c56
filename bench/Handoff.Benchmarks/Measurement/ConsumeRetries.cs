using System.Globalization;
using Handoff.Benchmarks.SystemUnderTest;
using Handoff.Contracts;

namespace Handoff.Benchmarks.Measurement;

/// <summary>
/// MassTransit's consume retries in the two services that consume (<c>messaging.masstransit.consume.retries</c>, from each
/// one's <c>/metrics</c>): a redemption, a claim or a send that failed or timed out and went round again. Under overload
/// they are work done twice, so a phase reports them per handoff beside its CPU.
/// </summary>
public static class ConsumeRetries
{
    public static readonly IReadOnlyList<string> Consumers = [ResourceNames.BotGateway, ResourceNames.HandoffService];

    // The Prometheus exporter puts the instrument's unit before "_total": MassTransit's counters count "{ea}", so this
    // one is exported as messaging_masstransit_consume_retries_ea_total (as consume_ea_total is, seen on /metrics).
    private const string CounterPrefix = "messaging_masstransit_consume_retries";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <returns>Each consumer's retries so far; a service whose metrics cannot be read is left out.</returns>
    public static async Task<Dictionary<string, double>> ScrapeAsync(HandoffSystem system, CancellationToken cancellationToken)
    {
        var totals = new Dictionary<string, double>();
        foreach (var service in Consumers)
        {
            try
            {
                var text = await Http.GetStringAsync(new Uri(system.AppHost.HttpEndpoint(service), "/metrics"), cancellationToken);
                totals[service] = Sum(text);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // A phase without the figure is better than a benchmark that stops; the report shows it missing.
            }
        }

        return totals;
    }

    /// <summary>The counter's series summed, from Prometheus's text format (<c>name{labels} value [timestamp]</c>).</summary>
    public static double Sum(string metrics) => metrics.Split('\n')
        .Select(line => (line, nameEnd: line.IndexOfAny(['{', ' '])))
        .Where(sample => sample.nameEnd > 0 && sample.line[..sample.nameEnd] is var name
            && name.StartsWith(CounterPrefix, StringComparison.Ordinal) && name.EndsWith("_total", StringComparison.Ordinal))
        .Sum(sample =>
        {
            var afterLabels = sample.line[(sample.line.LastIndexOf('}') is var close and >= 0 ? close + 1 : sample.nameEnd)..].Trim();
            return double.TryParse(afterLabels.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;
        });

    /// <summary>Retries per handoff in each consumer between two scrapes.</summary>
    public static Dictionary<string, double> PerHandoff(Dictionary<string, double> before, Dictionary<string, double> after, long handoffs) =>
        after.Where(pair => before.ContainsKey(pair.Key))
            .ToDictionary(pair => pair.Key, pair => handoffs == 0 ? 0 : Math.Round((pair.Value - before[pair.Key]) / handoffs, 4));
}
