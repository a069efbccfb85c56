using Yarp.ReverseProxy.Health;

namespace Handoff.ReverseProxy.Health;

internal static class ReplicaHealthChecksRegistration
{
    /// <summary>Health checks suited to replicas that crash and come back in seconds (see <see cref="ReplicaHealthChecks"/>).</summary>
    public static IReverseProxyBuilder AddReplicaHealthChecks(this IReverseProxyBuilder proxy)
    {
        // YARP keeps a destination out for the longer of the reactivation period and this window (60 s by
        // default): a replica restarted after a crash would sit idle for a minute.
        proxy.Services.Configure<TransportFailureRateHealthPolicyOptions>(options => options.DetectionWindowSize = ReplicaHealthChecks.ReactivationPeriod);
        return proxy.AddConfigFilter<ReplicaHealthChecks>();
    }
}
