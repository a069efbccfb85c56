using System.Text;
using Handoff.AppHost.Brokers.RabbitMq;
using Handoff.AppHost.Brokers.Redis;
using Handoff.Contracts;
using Handoff.TestSupport.AppHost;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using StackExchange.Redis;

namespace Handoff.AppHost.Tests;

/// <summary>The AppHost's own brokers, started by the real AppHost, with the users it gives each service.</summary>
public sealed class LocalBrokers : IAsyncLifetime
{
    public AspireAppHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Host = await AspireAppHost.StartBrokersAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// Each service reaches Redis and RabbitMQ as its own user, with only the rights it needs, on the brokers the AppHost
/// starts; the default Redis user needs the operator's password, and the operator's connection string (the resource's) may do anything.
/// </summary>
public sealed class BrokerUsersTests(LocalBrokers brokers) : IClassFixture<LocalBrokers>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConversationState_may_use_its_keys_and_not_the_gateways_nor_flush_or_reconfigure_redis()
    {
        await using var redis = await RedisAsAsync(RedisUser.ConversationState);
        var database = redis.GetDatabase();

        Assert.True(await database.StringSetAsync($"handoff:conversation:{{{Guid.NewGuid()}}}", "x"));
        Assert.True(await database.StringSetAsync($"handoff:{{{Guid.NewGuid():N}}}:token", "x"));
        await AssertRefusedAsync(() => database.StringSetAsync("handoff:pacing:{t}:tenant", "x"));
        await AssertRefusedAsync(() => database.ExecuteAsync("FLUSHALL"));
        await AssertRefusedAsync(() => database.ExecuteAsync("CONFIG", "SET", "maxmemory", "1"));
        Assert.Contains("role:master", (string)(await database.ExecuteAsync("INFO", "replication"))!);
    }

    [Fact]
    public async Task The_gateway_may_use_its_pacing_keys_only()
    {
        await using var redis = await RedisAsAsync(RedisUser.Gateway);
        var database = redis.GetDatabase();

        Assert.True(await database.StringSetAsync($"handoff:pacing:{{{Guid.NewGuid():N}}}:tenant", "x"));
        await AssertRefusedAsync(() => database.StringGetAsync("handoff:conversation:{a:1}"));
        await AssertRefusedAsync(() => database.StringGetAsync("handoff:user:{u}:contexts"));
    }

    [Fact]
    public async Task Redis_without_a_password_answers_nothing_but_noauth()
    {
        var port = int.Parse((await RedisAddressAsync()).Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);

        Assert.StartsWith("-NOAUTH", await RedisInlineCommand.SendAsync(port, "PING", Cancel), StringComparison.Ordinal);
        Assert.StartsWith("-NOAUTH", await RedisInlineCommand.SendAsync(port, "GET handoff:conversation:{a:1}", Cancel), StringComparison.Ordinal);
        Assert.StartsWith("-WRONGPASS", await RedisInlineCommand.SendAuthenticatedAsync(port, "default", "wrong", "PING", Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_a_script_wrote_survives_a_kill_9_of_redis_and_its_restart_by_the_apphost()
    {
        // Redis 7.0 replays its append-only file as the default user and checks that user's rights at each EXEC (a
        // script's writes are logged as MULTI ... EXEC): with a default user that could only PING, all of them were lost.
        await using var redis = await RedisAsAsync(RedisUser.ConversationState);
        var database = redis.GetDatabase();
        var key = $"handoff:conversation:{{{Guid.NewGuid()}}}";
        await database.ScriptEvaluateAsync("redis.call('HSET', KEYS[1], 'context', 'sealed', 'redeemedBy', 'r-1'); redis.call('PEXPIRE', KEYS[1], 600000); return 1", [key]);

        var restart = await brokers.Host.WaitForRestartAsync(brokers.Host.Kill(ResourceNames.Redis), TimeSpan.FromSeconds(60), Cancel);

        await using var after = await RedisAsAsync(RedisUser.ConversationState);
        var fields = await after.GetDatabase().HashGetAllAsync(key);
        Assert.True(fields.Length == 2, $"after the restart (pid {restart.Pid}) the script's hash has {fields.Length} fields");
        Assert.Equal("r-1", (string?)fields.Single(field => field.Name == "redeemedBy").Value);
        Assert.DoesNotContain("NOPERM", brokers.Host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_redis_password_is_refused()
    {
        var options = ConfigurationOptions.Parse($"{await RedisAddressAsync()},user={RedisUser.ConversationState.Name},password=wrong,abortConnect=true,connectTimeout=2000");

        await Assert.ThrowsAsync<RedisConnectionException>(() => ConnectionMultiplexer.ConnectAsync(options));
    }

    [Fact]
    public async Task The_resources_own_redis_connection_string_is_the_operators()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(await brokers.Host.ConnectionStringAsync(ResourceNames.Redis));

        Assert.True(await redis.GetDatabase().StringSetAsync($"anything:{Guid.NewGuid()}", "x"));
    }

    [Fact]
    public async Task The_gateway_may_publish_requests_and_not_outcomes()
    {
        await using var channel = await RabbitMqAsAsync(RabbitMqUser.Gateway);

        await PublishAsync(channel, "Handoff.Contracts.Events:HandoffRequested");
        await AssertAccessRefusedAsync(() => PublishAsync(channel, "Handoff.Contracts.Events:HandoffContextRestored"));
    }

    [Fact]
    public async Task HandoffService_may_publish_outcomes_and_not_requests()
    {
        await using var channel = await RabbitMqAsAsync(RabbitMqUser.HandoffService);

        await PublishAsync(channel, "Handoff.Contracts.Events:HandoffContextRestored");
        await AssertAccessRefusedAsync(() => PublishAsync(channel, "Handoff.Contracts.Events:HandoffRequested"));
    }

    [Fact]
    public async Task Conversation_turns_are_the_gateways_alone()
    {
        await using var gateway = await RabbitMqAsAsync(RabbitMqUser.Gateway);
        await using var handoffService = await RabbitMqAsAsync(RabbitMqUser.HandoffService);

        await PublishAsync(gateway, EndpointNames.ConversationTurns);
        await AssertAccessRefusedAsync(() => PublishAsync(handoffService, EndpointNames.ConversationTurns));
    }

    [Fact]
    public async Task The_gateway_may_not_read_the_requests_HandoffService_consumes()
    {
        await using var channel = await RabbitMqAsAsync(RabbitMqUser.Gateway);

        await AssertAccessRefusedAsync(() => channel.Channel.BasicGetAsync(EndpointNames.HandoffRequests, autoAck: false, Cancel));
    }

    [Fact]
    public async Task A_wrong_rabbitmq_password_is_refused()
    {
        var factory = new ConnectionFactory { Uri = new Uri($"amqp://{RabbitMqUser.Gateway.Name}:wrong@{await RabbitMqHostsAsync()}/") };

        await Assert.ThrowsAsync<BrokerUnreachableException>(() => factory.CreateConnectionAsync(Cancel));
    }

    private async Task<string> RedisAddressAsync() =>
        (await brokers.Host.ConnectionStringAsync(ResourceNames.Redis)).Split(',')[0];

    private async Task<ConnectionMultiplexer> RedisAsAsync(RedisUser user) =>
        await ConnectionMultiplexer.ConnectAsync(
            // allowAdmin: FLUSHALL and CONFIG reach the server, which is what must refuse them.
            $"{await RedisAddressAsync()},allowAdmin=true,user={user.Name},password={await brokers.Host.ParameterAsync(user.PasswordParameter, Cancel)}");

    private async Task<string> RabbitMqHostsAsync()
    {
        var connectionString = await brokers.Host.ConnectionStringAsync(ResourceNames.RabbitMq);
        return connectionString[(connectionString.LastIndexOf('@') + 1)..].TrimEnd('/');
    }

    /// <summary>A channel as <paramref name="user"/>, with publisher confirms: a refused publish closes it with 403.</summary>
    private async Task<OwnedChannel> RabbitMqAsAsync(RabbitMqUser user)
    {
        var password = await brokers.Host.ParameterAsync(user.PasswordParameter, Cancel);
        var connection = await new ConnectionFactory { Uri = new Uri($"amqp://{user.Name}:{password}@{await RabbitMqHostsAsync()}/") }.CreateConnectionAsync(Cancel);
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), Cancel);
        return new OwnedChannel(connection, channel);
    }

    private static async Task PublishAsync(OwnedChannel channel, string exchange)
    {
        await channel.Channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: Cancel);
        await channel.Channel.BasicPublishAsync(exchange, "", Encoding.UTF8.GetBytes("{}"), Cancel);
    }

    private static async Task AssertRefusedAsync(Func<Task> command)
    {
        var error = await Assert.ThrowsAsync<RedisServerException>(command);
        Assert.StartsWith("NOPERM", error.Message, StringComparison.Ordinal);
    }

    private static async Task AssertAccessRefusedAsync(Func<Task> operation)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(operation);
        Assert.True(error is OperationInterruptedException { ShutdownReason.ReplyCode: 403 },
            $"expected ACCESS_REFUSED, got {error.GetType().Name}: {error.Message}");
    }

    private sealed record OwnedChannel(IConnection Connection, IChannel Channel) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Channel.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }
}
