using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Handoff.AppHost.Brokers.Redis;

/// <summary>
/// Whom a data node of a Sentinel set replicates when it starts. At the first start, before any sentinel runs, the
/// first node is the primary and the others replicate it. On a restart the sentinels decide: a node follows the
/// primary they name. A restarted primary that they still name waits for them to fail it over instead of coming back
/// as a primary of nobody, taking writes that the promoted replica would then discard.
/// </summary>
public static class ReplicaSetNodeRole
{
    /// <summary>The sentinels declare a primary down after 1 s and fail it over within their 3 s timeout.</summary>
    public static readonly TimeSpan FailoverWait = TimeSpan.FromSeconds(10);

    /// <summary>The <c>--replicaof</c> arguments for <paramref name="node"/>, or none when it starts as the primary.</summary>
    public static async Task<IReadOnlyList<string>> ArgumentsAsync(RedisReplicaSetResource set, RedisServerResource node, ILogger logger,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var primary = await SentinelView.PrimaryPortAsync(set, cancellationToken);
        if (primary is null)
        {
            return node == set.Nodes[0] ? [] : ReplicaOf(set.Nodes[0].Port);
        }

        var deadline = time.GetUtcNow() + FailoverWait;
        while (primary == node.Port && time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken);
            primary = await SentinelView.PrimaryPortAsync(set, cancellationToken) ?? primary;
        }

        if (primary == node.Port)
        {
            logger.LogWarning("The sentinels still name this node the primary after {Wait} s (no replica to promote): starting as the primary, with its append-only file",
                FailoverWait.TotalSeconds);
            return [];
        }

        logger.LogInformation("Starting as a replica of the primary the sentinels name, on port {Primary}", primary);
        return ReplicaOf(primary!.Value);
    }

    private static string[] ReplicaOf(int port) => ["--replicaof", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture)];
}
