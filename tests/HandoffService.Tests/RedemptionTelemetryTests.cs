using System.Diagnostics;
using System.Diagnostics.Metrics;
using Handoff.Contracts;
using Handoff.Contracts.Diagnostics;
using Handoff.Contracts.Events;
using Handoff.HandoffService.Redemption;
using Handoff.TestSupport.Brokers;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Brokers.Redis;
using Handoff.AppHost.Brokers.RabbitMq;

namespace Handoff.HandoffService.Tests;

/// <summary>What HandoffService tells the dashboard: the trace it continues, the handoff's reference, its metrics.</summary>
public sealed class RedemptionTelemetryTests(RabbitMqFixture rabbitMq)
{
    [Fact]
    public async Task The_consume_span_continues_the_publishers_trace_and_carries_the_handoff_reference()
    {
        var reference = HandoffReference.ForToken(Guid.NewGuid().ToString());
        var consumed = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "MassTransit" or "test-click",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("handoff.correlation_id") as string == reference)
                {
                    consumed.TrySetResult(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var service = Service();
        _ = service.Server;
        await using var bus = await TestBus.StartAsync(rabbitMq.ConnectionString);
        using var clicks = new ActivitySource("test-click");

        ActivityTraceId published;
        using (var click = clicks.StartActivity("click"))
        {
            published = click!.TraceId;
            await bus.Publisher.Publish(Request(reference, "tenant-1"), TestContext.Current.CancellationToken);
        }

        var consume = await consumed.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(published, consume.TraceId);
    }

    [Fact]
    public async Task Redemptions_are_counted_by_result_and_reason_and_timed_and_only_allowed_tenants_are_named()
    {
        await using var service = Service(("Observability:TenantTaggedMetrics:0", "Tenant-Named"));
        _ = service.Server;
        var meters = service.Services.GetRequiredService<IMeterFactory>();
        using var redemptions = new MetricCollector<long>(meters, "Handoff", "handoff.redemptions");
        using var durations = new MetricCollector<double>(meters, "Handoff", "handoff.redeem.duration");
        await using var gateway = await GatewayOutcomeQueue.StartAsync(rabbitMq.ConnectionString);
        await using var bus = await TestBus.StartAsync(rabbitMq.ConnectionString);

        await bus.Publisher.Publish(Request(HandoffReference.ForToken("a"), "tenant-named"), TestContext.Current.CancellationToken);
        await bus.Publisher.Publish(Request(HandoffReference.ForToken("b"), "tenant-anonymous"), TestContext.Current.CancellationToken);
        // Each handoff: one delayed attempt, then one failed once the single retry is spent.
        var clock = Stopwatch.StartNew();
        while (redemptions.GetMeasurementSnapshot().Count(m => (string?)m.Tags["handoff.result"] == "failed") < 2 && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        var counted = redemptions.GetMeasurementSnapshot();
        Assert.True(counted.Count(m => (string?)m.Tags["handoff.result"] == "delayed") >= 2);
        Assert.True(counted.Count(m => (string?)m.Tags["handoff.result"] == "failed" && (string?)m.Tags["reason"] == "state_unavailable") >= 2);
        Assert.Equal(2, counted.Count(m => m.Tags.TryGetValue("tenant.id", out var tenant) && (string?)tenant == "tenant-named"));
        Assert.All(counted, m => Assert.True(!m.Tags.TryGetValue("tenant.id", out var tenant) || (string?)tenant == "tenant-named"));
        Assert.All(counted, m => Assert.DoesNotContain(m.Tags.Values, value => value as string == "tenant-anonymous"));
        Assert.All(counted, m => Assert.DoesNotContain(m.Tags.Keys, key => key.Contains("user", StringComparison.OrdinalIgnoreCase)));
        Assert.True(durations.GetMeasurementSnapshot().Count >= 4);
    }

    [Fact]
    public async Task Queue_depth_and_consumers_are_gauges_read_from_rabbitmq_and_a_missing_queue_has_no_value()
    {
        await using var service = Service(("Observability:QueuePollInterval", "00:00:00.200"));
        _ = service.Server;
        var meters = service.Services.GetRequiredService<IMeterFactory>();
        using var consumers = new MetricCollector<long>(meters, "Handoff", "handoff.rabbitmq.queue.consumers");
        using var depth = new MetricCollector<long>(meters, "Handoff", "handoff.rabbitmq.queue.messages");

        var clock = Stopwatch.StartNew();
        IReadOnlyList<CollectedMeasurement<long>> read = [];
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            consumers.RecordObservableInstruments();
            read = consumers.GetMeasurementSnapshot(clear: true);
            if (read.Any(m => (string?)m.Tags["messaging.destination.name"] == EndpointNames.HandoffRequests && m.Value >= 1))
            {
                break;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        depth.RecordObservableInstruments();
        Assert.Contains(read, m => (string?)m.Tags["messaging.destination.name"] == EndpointNames.HandoffRequests && m.Value >= 1);
        Assert.DoesNotContain(read, m => (string?)m.Tags["messaging.destination.name"] == EndpointNames.HandoffOutcomes);
        Assert.Contains(depth.GetMeasurementSnapshot(), m => (string?)m.Tags["messaging.destination.name"] == EndpointNames.HandoffRequests && m.Value >= 0);
    }

    private WebApplicationFactory<HandoffRequestedConsumer> Service(params (string Key, string Value)[] settings) =>
        new WebApplicationFactory<HandoffRequestedConsumer>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("ConnectionStrings:rabbitmq", rabbitMq.ConnectionString);
            web.UseSetting("services:conversationstate:http:0", $"http://127.0.0.1:{LoopbackPorts.Free()}");
            web.WithUncheckedStateCallerKey();
            web.UseSetting("Redemption:RetryIntervals:0", "00:00:00.200");
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
        });

    private static HandoffRequested Request(string reference, string tenant) =>
        new(Guid.NewGuid(), "token", "aad-1", tenant,
            new ConversationAddress("msteams", "https://smba.trafficmanager.net/amer/", "a:1", "28:bot", "29:user"),
            DateTimeOffset.UtcNow, reference);
}
