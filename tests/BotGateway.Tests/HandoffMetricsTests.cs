using System.Diagnostics.Metrics;
using Handoff.BotGateway.Observability;
using Handoff.Contracts.State;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.BotGateway.Tests;

public sealed class HandoffMetricsTests
{
    [Fact]
    public void Each_outcome_is_counted_with_its_reason_tag_and_no_user()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        var measurements = new List<(string Instrument, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meterFactory)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
            measurements.Add((instrument.Name, tags.ToArray().ToDictionary(tag => tag.Key, tag => tag.Value))));
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) =>
            measurements.Add((instrument.Name, tags.ToArray().ToDictionary(tag => tag.Key, tag => tag.Value))));
        listener.Start();
        var metrics = new HandoffMetrics(meterFactory);

        metrics.QueryAnswered(4, TimeSpan.FromMilliseconds(6));
        metrics.ClickAcknowledged(TimeSpan.FromMilliseconds(5));
        metrics.Welcomed(TimeSpan.FromMilliseconds(20));
        metrics.Rejected(HandoffRejectionReason.NotYours);

        Assert.Contains(measurements, m => m.Instrument == "handoff.queries");
        Assert.Contains(measurements, m => m.Instrument == "handoff.cards");
        Assert.Contains(measurements, m => m.Instrument == "handoff.click_to_welcome.duration");
        Assert.Contains(measurements, m => m.Instrument == "handoff.outcomes" && m.Tags.GetValueOrDefault("outcome") as string == "welcomed");
        Assert.Contains(measurements, m => m.Instrument == "handoff.outcomes" && m.Tags.GetValueOrDefault("reason") as string == "not_yours");
        Assert.All(measurements, m => Assert.DoesNotContain(m.Tags.Keys, key => key.Contains("user", StringComparison.OrdinalIgnoreCase)));
    }
}
