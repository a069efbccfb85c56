using Handoff.Contracts;

namespace Handoff.AppHost.Brokers.Redis;

/// <summary>
/// One service's Redis ACL user (https://redis.io/docs/latest/operate/oss_and_stack/management/security/acl/): the keys
/// it may touch and what it may run on them. Both may run everything but the <c>@dangerous</c> commands (FLUSHALL, CONFIG,
/// KEYS, DEBUG, SHUTDOWN, REPLICAOF…), except INFO and ROLE, which the client and the health check ask; StackExchange.Redis
/// may also read its tie-breaker key and subscribe to its failover channel.
/// </summary>
public sealed record RedisUser(string Name, IReadOnlyList<string> KeyPatterns)
{
    /// <summary>ConversationState owns every <c>handoff:</c> key but the gateway's pacing ones (its RedisKeys).</summary>
    public static RedisUser ConversationState { get; } = new(ResourceNames.ConversationState,
        ["handoff:{*", "handoff:#*", "handoff:delivery:*", "handoff:conversation:*", "handoff:journal:*", "handoff:user:*", "handoff:tenant:*"]);

    /// <summary>The gateway shares only its Bot Connector pacing through Redis (RedisSendSchedule).</summary>
    public static RedisUser Gateway { get; } = new(ResourceNames.BotGateway, ["handoff:pacing:*"]);

    public static IReadOnlyList<RedisUser> Services { get; } = [ConversationState, Gateway];

    /// <summary>The AppHost's secret parameter for the user's password, and the cluster Secret's key for it.</summary>
    public string PasswordParameter => $"{ResourceNames.Redis}-{Name}-password";

    /// <summary>The rules after <c>user {name}</c> (an ACL file line, or <c>--user</c>'s arguments), with the password as given.</summary>
    public IReadOnlyList<string> Rules(string password) =>
    [
        "on", $">{password}", "resetkeys", .. KeyPatterns.Select(pattern => $"~{pattern}"), "%R~__Booksleeve_TieBreak",
        "resetchannels", "&__Booksleeve_MasterChanged", "+@all", "-@dangerous", "+info", "+role",
    ];
}
