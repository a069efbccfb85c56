using System.Globalization;
using System.Net.Sockets;

namespace Handoff.AppHost.Brokers.Redis;

/// <summary>What the sentinels of a <see cref="RedisReplicaSetResource"/> say about it, asked over loopback.</summary>
public static class SentinelView
{
    /// <summary>The sentinel's line for the service: <c>master0:name=…,status=ok,address=127.0.0.1:P,slaves=N,sentinels=M</c>.</summary>
    public static async Task<string?> ReadAsync(int port, string serviceName, CancellationToken cancellationToken) =>
        (await RedisInlineCommand.SendAsync(port, "INFO sentinel", cancellationToken))?
            .Split("\r\n")
            .FirstOrDefault(line => line.Contains($":name={serviceName},", StringComparison.Ordinal));

    public static int? PrimaryPort(string view)
    {
        var address = view.Split(',').FirstOrDefault(part => part.StartsWith("address=", StringComparison.Ordinal));
        return address is null ? null : int.Parse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>The primary's port as the first answering sentinel names it; null while no sentinel answers.</summary>
    public static async Task<int?> PrimaryPortAsync(RedisReplicaSetResource set, CancellationToken cancellationToken)
    {
        foreach (var sentinel in set.Sentinels)
        {
            try
            {
                if (await ReadAsync(sentinel.Port, set.ServiceName, cancellationToken) is { } view && PrimaryPort(view) is { } port)
                {
                    return port;
                }
            }
            catch (Exception exception) when (exception is SocketException or IOException)
            {
                // Not running (yet): ask the next one.
            }
        }

        return null;
    }
}
