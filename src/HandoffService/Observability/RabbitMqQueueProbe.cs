using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Handoff.Contracts;
using Handoff.ServiceDefaults;
using Handoff.ServiceDefaults.Messaging;
using Handoff.ServiceDefaults.Observability;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Handoff.HandoffService.Observability;

/// <summary>
/// Depth and consumer count of the handoff queues, as observable gauges (<c>handoff.rabbitmq.queue.messages</c>,
/// <c>handoff.rabbitmq.queue.consumers</c>, tagged <c>messaging.destination.name</c>). Read with a passive queue
/// declare on a connection of its own every <see cref="ObservabilityOptions.QueuePollInterval"/>, because the
/// management plugin may not be enabled. Collection only reads the last values: it never waits for RabbitMQ.
/// A queue that could not be read has no value until it can, rather than a stale one.
/// </summary>
public sealed class RabbitMqQueueProbe : BackgroundService
{
    public static readonly string[] Queues = [EndpointNames.HandoffRequests, EndpointNames.HandoffOutcomes];

    private readonly ConcurrentDictionary<string, QueueDeclareOk> _latest = new();
    private readonly RabbitMqConnectionString _broker;
    private readonly IOptions<ObservabilityOptions> _options;
    private readonly ILogger<RabbitMqQueueProbe> _logger;
    private IConnection? _connection;

    public RabbitMqQueueProbe(IConfiguration configuration, IMeterFactory meters, IOptions<ObservabilityOptions> options, ILogger<RabbitMqQueueProbe> logger)
    {
        _broker = MessagingRegistration.ReadConnectionString(configuration, ResourceNames.RabbitMq);
        _options = options;
        _logger = logger;
        var meter = meters.Create(HandoffTelemetry.MeterName);
        meter.CreateObservableGauge("handoff.rabbitmq.queue.messages", () => Observe(queue => queue.MessageCount), "{message}",
            "Messages ready in each handoff queue.");
        meter.CreateObservableGauge("handoff.rabbitmq.queue.consumers", () => Observe(queue => queue.ConsumerCount), "{consumer}",
            "Consumers attached to each handoff queue.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.Value.QueuePollInterval);
        try
        {
            do
            {
                await PollAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in Queues)
        {
            try
            {
                var connection = await ConnectAsync(cancellationToken);
                // A passive declare of a missing queue closes its channel: one channel per read.
                await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                _latest[queue] = await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                _latest.TryRemove(queue, out _);
                _logger.LogDebug("Could not read the depth of queue {Queue}: {Reason}", queue, exception.Message);
            }
        }
    }

    private async Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsOpen: true })
        {
            return _connection;
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }

        _connection = await RabbitMqConnections.OpenAsync(_broker, "handoffservice-queue-probe", TimeSpan.FromSeconds(3), cancellationToken);
        return _connection;
    }

    private IEnumerable<Measurement<long>> Observe(Func<QueueDeclareOk, uint> value) =>
        _latest.Select(entry => new Measurement<long>(value(entry.Value), new KeyValuePair<string, object?>("messaging.destination.name", entry.Key)));
}
