using System.Diagnostics.Metrics;
using Handoff.ServiceDefaults;
using Handoff.ServiceDefaults.Http;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Handoff.ReverseProxy.Forwarding;

/// <summary>
/// A request whose destination could not even be connected to (a replica just killed, not yet marked down by
/// the health checks) is sent to another destination instead of answering 502. That is safe for any method:
/// the destination never saw the request. A failure after the request went out is not retried here, since
/// the replica may have acted on it; the caller (Teams) retries, and the services are idempotent.
/// </summary>
internal sealed class UnreachableDestinationRetry : IMiddleware
{
    private readonly Counter<long> _rerouted;
    private readonly ILogger<UnreachableDestinationRetry> _logger;

    public UnreachableDestinationRetry(IMeterFactory meterFactory, ILogger<UnreachableDestinationRetry> logger)
    {
        _logger = logger;
        _rerouted = meterFactory.Create(HandoffTelemetry.MeterName).CreateCounter<long>(
            "handoff.proxy.rerouted", "{request}", "Requests sent to another replica because theirs refused the connection.");
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var proxy = context.GetReverseProxyFeature();
        var candidates = proxy.AvailableDestinations;
        var unreachable = new List<DestinationState>();
        while (true)
        {
            await next(context);
            if (context.GetForwarderErrorFeature() is not { } error || context.Response.HasStarted
                || error.Error != ForwarderError.Request || !RefusedConnection.NeverReachedServer(error.Exception)
                || proxy.ProxiedDestination is not { } failed)
            {
                return;
            }

            unreachable.Add(failed);
            var remaining = candidates.Where(destination => !unreachable.Contains(destination)).ToList();
            if (remaining.Count == 0)
            {
                return;
            }

            _logger.LogWarning("{Destination} refused the connection; sending {Method} {Path} to another replica.",
                failed.Model.Config.Address, context.Request.Method, context.Request.Path);
            _rerouted.Add(1);
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.Clear();
            proxy.AvailableDestinations = remaining;
        }
    }
}
