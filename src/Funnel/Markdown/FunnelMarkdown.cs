using System.Globalization;
using System.Text;
using Handoff.Funnel.Merging;
using Handoff.Funnel.Percentiles;
using Handoff.Funnel.Scraping;
using Handoff.Funnel.Snapshot;

namespace Handoff.Funnel.Markdown;

/// <summary>The funnel as the Markdown an Aspire resource command returns to the dashboard.</summary>
public static class FunnelMarkdown
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Render(FunnelSnapshot snapshot, ScrapeResult scrape)
    {
        var markdown = new StringBuilder();
        markdown.AppendLine("## Handoff funnel").AppendLine();
        markdown.AppendLine(Coverage(scrape)).AppendLine();

        markdown.AppendLine("| Step | Count | Share |").AppendLine("|---|---:|---|");
        foreach (var step in snapshot.Steps)
        {
            markdown.AppendLine(Row(step.Label, Number(step.Count), Share(step)));
        }

        Tallies(markdown, "Failures by reason", "Reason", "Failed", snapshot.FailuresByReason, "No failures.");

        markdown.AppendLine().AppendLine("### Latency").AppendLine();
        markdown.AppendLine("| | P50 | P90 | P99 | Samples |").AppendLine("|---|---:|---:|---:|---:|");
        foreach (var latency in snapshot.Latencies)
        {
            markdown.AppendLine(Row(latency.Label, Duration(latency.P50), Duration(latency.P90), Duration(latency.P99), Number(latency.Count)));
        }

        markdown.AppendLine().AppendLine("### Feedback").AppendLine().AppendLine(Feedback(snapshot.Feedback));

        Tallies(markdown, "Rate-limit refusals", "Scope", "Refused", snapshot.RateLimitedByScope, "No activity refused.");

        markdown.AppendLine().AppendLine("### Queues").AppendLine();
        if (snapshot.Queues.Count == 0)
        {
            markdown.AppendLine("No queue read (HandoffService not scraped, or RabbitMQ not answering its probe).");
        }
        else
        {
            markdown.AppendLine("| Queue | Messages | Consumers |").AppendLine("|---|---:|---:|");
            foreach (var queue in snapshot.Queues)
            {
                markdown.AppendLine(Row(queue.Queue, Number(queue.Messages), Number(queue.Consumers)));
            }
        }

        return markdown.ToString();
    }

    /// <summary>Which replicas the figures come from: an SRE must see at once that a total is partial, and why.</summary>
    private static string Coverage(ScrapeResult scrape)
    {
        var scraped = scrape.Scraped.Select(replica => Cell(replica.Replica)).ToList();
        var failed = scrape.Failed.Select(replica => $"{Cell(replica.Replica)} ({Cell(replica.Failure!)})").ToList();
        var line = scraped.Count == 0
            ? "No replica answered."
            : $"Totals since each replica started, from {scraped.Count} of {scrape.Replicas.Count} replicas: {string.Join(", ", scraped)}.";
        return failed.Count == 0 ? line : $"{line} **Partial: not scraped** {string.Join("; ", failed)}.";
    }

    private static void Tallies(StringBuilder markdown, string heading, string keyColumn, string countColumn, IReadOnlyList<Tally> tallies, string none)
    {
        markdown.AppendLine().AppendLine($"### {heading}").AppendLine();
        if (tallies.Count == 0)
        {
            markdown.AppendLine(none);
            return;
        }

        markdown.AppendLine($"| {keyColumn} | {countColumn} |").AppendLine("|---|---:|");
        foreach (var tally in tallies)
        {
            markdown.AppendLine(Row($"`{tally.Key.Replace("`", "'", StringComparison.Ordinal)}`", Number(tally.Count)));
        }
    }

    private static string Feedback(FeedbackVotes votes)
    {
        var total = votes.Up + votes.Down;
        var positive = total > 0 ? $" ({Percent(votes.Up / total)} positive)" : "";
        return $"👍 {Number(votes.Up)} · 👎 {Number(votes.Down)}{positive}";
    }

    private static string Share(FunnelCount step) => step switch
    {
        { ShareOf: null } => "",
        { Share: null } => $"– of {step.ShareOf}",
        _ => $"{Percent(step.Share.Value)} of {step.ShareOf}",
    };

    /// <summary>A percentile past the last bucket says so, rather than showing the bound as if it were measured.</summary>
    public static string Duration(QuantileEstimate estimate) => estimate switch
    {
        QuantileEstimate.Within within => Seconds(within.Value),
        QuantileEstimate.BeyondLastBucket beyond => $"> {Seconds(beyond.LastFiniteBound)}",
        _ => "no data",
    };

    private static string Seconds(double seconds) => seconds switch
    {
        < 0.001 => $"{(seconds * 1000).ToString("0.##", Invariant)} ms",
        < 1 => $"{(seconds * 1000).ToString("0", Invariant)} ms",
        _ => $"{seconds.ToString("0.##", Invariant)} s",
    };

    private static string Percent(double share) => $"{(share * 100).ToString("0.0", Invariant)} %";

    private static string Number(double? value) => value is { } number ? number.ToString("#,0.##", Invariant) : "–";

    private static string Row(params string[] cells) => $"| {string.Join(" | ", cells.Select(Cell))} |";

    // Tag values and failure messages come from other processes: a '|' or a line break would break the table.
    private static string Cell(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
