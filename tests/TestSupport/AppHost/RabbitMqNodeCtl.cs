using System.Globalization;
using System.Text.Json;
using Handoff.AppHost.Brokers.RabbitMq;
using Handoff.TestSupport.Brokers;

namespace Handoff.TestSupport.AppHost;

/// <summary>
/// rabbitmqctl against one node the AppHost runs, as an operator would ask it: with the node's own HOME (the Erlang
/// cookie its cluster shares) and the AppHost's epmd, both from the node's <see cref="RabbitMqNodeLayout"/>.
/// </summary>
public static class RabbitMqNodeCtl
{
    /// <summary>What the node says of its cluster; null while it does not answer (down, booting, or rabbitmqctl hangs on it).</summary>
    public static async Task<RabbitMqClusterStatus?> ClusterStatusAsync(RabbitMqNodeLayout node, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = node.Home,
            ["ERL_EPMD_PORT"] = node.EpmdPort.ToString(CultureInfo.InvariantCulture),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
        };
        try
        {
            var result = await ToolRun.RunAsync(RabbitMqCluster.Ctl, ["-n", node.NodeName, "cluster_status", "--formatter", "json"],
                environment, cancellationToken, TimeSpan.FromSeconds(20), node.Home);
            if (result.ExitCode != 0)
            {
                return null;
            }

            using var json = JsonDocument.Parse(result.StandardOutput);
            var root = json.RootElement;
            return new RabbitMqClusterStatus(node.NodeName, Names(root.GetProperty("running_nodes")), Names(root.GetProperty("disk_nodes")));
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private static List<string> Names(JsonElement array) => [.. array.EnumerateArray().Select(name => name.GetString() ?? "").Order(StringComparer.Ordinal)];
}

/// <summary>
/// One node's <c>cluster_status</c>: the members running and every member it knows of. (Its <c>cluster_name</c> is no
/// test of membership: unset, each node reports a default made of its own name.)
/// </summary>
public sealed record RabbitMqClusterStatus(string AskedNode, IReadOnlyList<string> RunningNodes, IReadOnlyList<string> DiskNodes)
{
    public override string ToString() =>
        $"{AskedNode}: running [{string.Join(", ", RunningNodes)}], members [{string.Join(", ", DiskNodes)}]";
}
