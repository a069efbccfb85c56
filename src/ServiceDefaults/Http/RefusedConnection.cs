namespace Handoff.ServiceDefaults.Http;

/// <summary>
/// A request that failed while connecting (refused, host down) never reached a server: it can go to another
/// replica whatever its method. Used by the internal HttpClients' retry and by the gateway proxy's reroute.
/// </summary>
public static class RefusedConnection
{
    public static bool NeverReachedServer(Exception? exception) =>
        exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError };
}
