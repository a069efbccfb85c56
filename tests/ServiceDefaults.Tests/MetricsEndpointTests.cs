using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.ServiceDefaults.Tests;

/// <summary>
/// <c>GET /metrics</c> on a service wired with <see cref="ServiceDefaultsExtensions"/>, over real HTTP: what the
/// AppHost's scraper reads, and the duration buckets OpenTelemetry takes from <see cref="HandoffTelemetry.DurationAdvice"/>.
/// </summary>
public sealed partial class MetricsEndpointTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_counter_incremented_in_process_is_scraped_from_metrics_as_a_total()
    {
        await using var app = await StartAsync();
        var clicks = app.Services.GetRequiredService<IMeterFactory>().Create(HandoffTelemetry.MeterName)
            .CreateCounter<long>("handoff.test.clicks", "{click}", "Clicks, for this test.");

        clicks.Add(3, new KeyValuePair<string, object?>("outcome", "welcomed"));
        var scrape = await ScrapeAsync(app);

        Assert.Contains("# TYPE handoff_test_clicks_total counter", scrape, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^handoff_test_clicks_total\{[^}]*outcome=""welcomed""[^}]*\} 3( \d+)?$", scrape);
    }

    [Fact]
    public async Task A_21_second_duration_lands_above_20_s_and_the_buckets_reach_5_minutes()
    {
        await using var app = await StartAsync();
        var waits = app.Services.GetRequiredService<IMeterFactory>().Create(HandoffTelemetry.MeterName)
            .CreateHistogram<double>("handoff.test.wait.duration", "s", "Waits, for this test.", advice: HandoffTelemetry.DurationAdvice);

        waits.Record(21);
        var buckets = Buckets(await ScrapeAsync(app), "handoff_test_wait_duration_seconds_bucket");

        Assert.Equal(0, buckets["10"]);
        Assert.Equal(0, buckets["20"]);
        Assert.Equal(1, buckets["30"]);
        Assert.Equal(1, buckets["300"]);
        Assert.Equal(
            HandoffTelemetry.DurationBuckets.Select(boundary => boundary.ToString(CultureInfo.InvariantCulture)).Append("+Inf"),
            buckets.Keys);
    }

    [Fact]
    public async Task Series_beyond_the_limit_are_summed_into_one_overflow_series_and_none_is_lost()
    {
        await using var app = await StartAsync(("Observability:MetricSeriesLimit", "10"));
        var refusals = app.Services.GetRequiredService<IMeterFactory>().Create(HandoffTelemetry.MeterName)
            .CreateCounter<long>("handoff.test.refusals", "{refusal}", "Refusals, for this test.");

        for (var reason = 0; reason < 25; reason++)
        {
            refusals.Add(1, new KeyValuePair<string, object?>("reason", $"reason-{reason}"));
        }

        var series = CounterLine().Matches(await ScrapeAsync(app))
            .Where(line => line.Groups["series"].Value == "handoff_test_refusals_total")
            .ToList();

        var overflow = Assert.Single(series, line => line.Groups["labels"].Value.Contains("otel_metric_overflow=\"true\"", StringComparison.Ordinal));
        Assert.True(series.Count <= 11, $"{series.Count} series for a limit of 10");
        Assert.Equal(25, series.Sum(line => long.Parse(line.Groups["count"].Value, CultureInfo.InvariantCulture)));
        Assert.True(long.Parse(overflow.Groups["count"].Value, CultureInfo.InvariantCulture) >= 15);
    }

    private static async Task<WebApplication> StartAsync(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.AddServiceDefaults();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    private async Task<string> ScrapeAsync(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var scrape = await http.GetStringAsync(ServiceDefaultsExtensions.MetricsPath, TestContext.Current.CancellationToken);
        output.WriteLine(scrape);
        return scrape;
    }

    /// <summary>Cumulative count per <c>le</c> boundary, in the order scraped.</summary>
    private static Dictionary<string, long> Buckets(string scrape, string series) =>
        BucketLine().Matches(scrape)
            .Where(line => line.Groups["series"].Value == series)
            .ToDictionary(line => line.Groups["le"].Value, line => long.Parse(line.Groups["count"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"(?m)^(?<series>\w+)\{(?<labels>[^}]*)\} (?<count>\d+)")]
    private static partial Regex CounterLine();

    [GeneratedRegex(@"(?m)^(?<series>\w+)\{[^}]*le=""(?<le>[^""]+)""[^}]*\} (?<count>\d+)")]
    private static partial Regex BucketLine();
}
