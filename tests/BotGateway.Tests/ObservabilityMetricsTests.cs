using System.Diagnostics.Metrics;
using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.Observability;
using Handoff.ServiceDefaults.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Tests;

/// <summary>The gateway's new metrics, read with MetricCollector: feedback, tenant tags where allowed, connector send time.</summary>
public sealed class ObservabilityMetricsTests
{
    [Fact]
    public void Feedback_is_counted_by_vote_and_outcome_reason()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var feedback = new MetricCollector<long>(meters, "Handoff", "handoff.feedback");
        var metrics = new HandoffMetrics(meters);

        metrics.Feedback("up", "welcomed");
        metrics.Feedback("down", "expired");

        var votes = feedback.GetMeasurementSnapshot();
        Assert.Equal("{vote}", feedback.Instrument!.Unit);
        Assert.Contains(votes, m => (string?)m.Tags["vote"] == "up" && (string?)m.Tags["reason"] == "welcomed");
        Assert.Contains(votes, m => (string?)m.Tags["vote"] == "down" && (string?)m.Tags["reason"] == "expired");
    }

    [Fact]
    public void Only_tenants_that_allow_it_are_named_on_queries_cards_and_clicks()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var queries = new MetricCollector<long>(meters, "Handoff", "handoff.queries");
        using var clicks = new MetricCollector<long>(meters, "Handoff", "handoff.clicks");
        var tenants = new TenantMetricTag(new StaticOptions(new ObservabilityOptions { TenantTaggedMetrics = ["Contoso"] }));
        var metrics = new HandoffMetrics(meters, tenants);

        metrics.QueryAnswered(3, TimeSpan.FromMilliseconds(5), "contoso");
        metrics.QueryAnswered(3, TimeSpan.FromMilliseconds(5), "fabrikam");
        metrics.ClickAcknowledged(TimeSpan.FromMilliseconds(5), "fabrikam");

        Assert.Equal(["contoso", null], queries.GetMeasurementSnapshot().Select(m => m.Tags.GetValueOrDefault("tenant.id") as string));
        Assert.DoesNotContain("tenant.id", clicks.GetMeasurementSnapshot().Single().Tags.Keys);
    }

    [Fact]
    public void Connector_sends_are_timed_in_seconds_with_the_activity_type_and_status()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var sends = new MetricCollector<double>(meters, "Handoff", "handoff.connector.send.duration");

        new ConnectorMetrics(meters, Microsoft.Extensions.Options.Options.Create(new ConnectorOptions())).Sent("message", 429, TimeSpan.FromMilliseconds(1500));

        var send = Assert.Single(sends.GetMeasurementSnapshot());
        Assert.Equal("s", sends.Instrument!.Unit);
        Assert.Equal(1.5, send.Value);
        Assert.Equal("message", send.Tags["activity.type"]);
        Assert.Equal(429, send.Tags["http.response.status_code"]);
    }

    private sealed class StaticOptions(ObservabilityOptions value) : IOptionsMonitor<ObservabilityOptions>
    {
        public ObservabilityOptions CurrentValue => value;

        public ObservabilityOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ObservabilityOptions, string?> listener) => null;
    }
}
