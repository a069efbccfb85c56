using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;

namespace Handoff.ReverseProxy.Health;

/// <summary>
/// Every cluster without health settings of its own gets them: <c>/health</c> asked every 2 s, a destination
/// out after one failed answer, and out for 5 s after transport failures seen on real requests. A killed
/// replica so stops receiving traffic within about 2 s, and comes back once its <c>/health</c> answers again.
/// </summary>
internal sealed class ReplicaHealthChecks : IProxyConfigFilter
{
    private const string ConsecutiveFailuresThreshold = "ConsecutiveFailuresHealthPolicy.Threshold";

    public static TimeSpan ReactivationPeriod => TimeSpan.FromSeconds(5);

    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel)
    {
        if (cluster.HealthCheck is not null)
        {
            return ValueTask.FromResult(cluster);
        }

        var metadata = new Dictionary<string, string>(cluster.Metadata ?? new Dictionary<string, string>())
        {
            [ConsecutiveFailuresThreshold] = "1",
        };
        return ValueTask.FromResult(cluster with
        {
            HealthCheck = new HealthCheckConfig
            {
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = TimeSpan.FromSeconds(2),
                    Timeout = TimeSpan.FromSeconds(1),
                    Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                    Path = "/health",
                },
                Passive = new PassiveHealthCheckConfig
                {
                    Enabled = true,
                    Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                    ReactivationPeriod = ReactivationPeriod,
                },
            },
            Metadata = metadata,
        });
    }

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel) =>
        ValueTask.FromResult(route);
}
