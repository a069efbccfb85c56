using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using StackExchange.Redis;

namespace Handoff.Benchmarks.Faults;

/// <summary>
/// What the brokers were told to keep across a kill -9, read from the running brokers rather than assumed:
/// Redis's append-only file and its fsync policy, and whether the services' RabbitMQ queues are durable.
/// </summary>
public static class Durability
{
    public static async Task<RedisDurability> RedisAsync(string connectionString)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"{connectionString},allowAdmin=true");
        var server = redis.GetServers().Single();
        var config = (await server.ConfigGetAsync("append*")).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        var save = (await server.ConfigGetAsync("save")).FirstOrDefault().Value;
        return new RedisDurability(config.GetValueOrDefault("appendonly") ?? "?", config.GetValueOrDefault("appendfsync") ?? "?", save ?? "");
    }

    /// <summary>
    /// Declares each queue again as durable, non-exclusive, not auto-delete: RabbitMQ accepts that only if the
    /// existing queue was declared so (otherwise PRECONDITION_FAILED names the property that differs).
    /// </summary>
    public static async Task<List<QueueDurability>> QueuesAsync(Uri uri, IEnumerable<string> queues)
    {
        var factory = new ConnectionFactory { Uri = uri, ClientProvidedName = "handoff-bench-durability" };
        await using var connection = await factory.CreateConnectionAsync();
        var results = new List<QueueDurability>();
        foreach (var queue in queues)
        {
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                var declared = await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, passive: false);
                results.Add(new QueueDurability(queue, Durable: true, declared.MessageCount, null));
            }
            catch (OperationInterruptedException exception) when (exception.ShutdownReason?.ReplyText?.Contains("'x-queue-type'", StringComparison.Ordinal) == true)
            {
                // A quorum queue (always durable) refuses a declaration without its type: ask again with it.
                await using var retry = await connection.CreateChannelAsync();
                var declared = await retry.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                    arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
                results.Add(new QueueDurability(queue, Durable: true, declared.MessageCount, null));
            }
            catch (OperationInterruptedException exception)
            {
                results.Add(new QueueDurability(queue, Durable: false, null, exception.ShutdownReason?.ReplyText ?? exception.Message));
            }
        }

        return results;
    }

    /// <summary>Messages in a queue, or null when it does not exist (MassTransit creates its <c>_error</c> queues on the first fault).</summary>
    public static async Task<Dictionary<string, uint?>> MessageCountsAsync(Uri uri, IEnumerable<string> queues)
    {
        var factory = new ConnectionFactory { Uri = uri, ClientProvidedName = "handoff-bench-queues" };
        await using var connection = await factory.CreateConnectionAsync();
        var counts = new Dictionary<string, uint?>();
        foreach (var queue in queues)
        {
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                counts[queue] = (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
            }
            catch (OperationInterruptedException)
            {
                counts[queue] = null;
            }
        }

        return counts;
    }
}

public sealed record RedisDurability(string AppendOnly, string AppendFsync, string Save);

/// <param name="Error">Why RabbitMQ refused the durable declaration, when it did.</param>
public sealed record QueueDurability(string Queue, bool Durable, uint? Messages, string? Error);
