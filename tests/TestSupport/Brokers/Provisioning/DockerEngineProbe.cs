using System.Net;
using System.Net.Sockets;

namespace Handoff.TestSupport.Brokers.Provisioning;

/// <summary>
/// Asks the Docker engine that <c>DOCKER_HOST</c> names (Docker's own default socket without it) for
/// <c>GET /_ping</c>, with a short timeout, as the docker CLI does before anything else.
/// </summary>
public static class DockerEngineProbe
{
    public const string DefaultEndpoint = "unix:///var/run/docker.sock";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    public static async Task<DockerEngineAnswer> PingAsync(string? dockerHost, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var endpoint = string.IsNullOrWhiteSpace(dockerHost) ? DefaultEndpoint : dockerHost.Trim();
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            return new(endpoint, false, "DOCKER_HOST is not a URI such as unix:///var/run/docker.sock or tcp://127.0.0.1:2375");
        }

        var (socketAddress, refusal) = SocketAddressOf(uri);
        if (socketAddress is null)
        {
            return new(endpoint, false, refusal!);
        }

        try
        {
            using var handler = new SocketsHttpHandler { ConnectCallback = (_, token) => ConnectAsync(socketAddress, token) };
            using var http = new HttpClient(handler) { Timeout = timeout };
            using var response = await http.GetAsync(new Uri("http://docker/_ping"), cancellationToken);
            var body = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
            return response.IsSuccessStatusCode && body == "OK"
                ? new(endpoint, true, $"answered /_ping (API {ApiVersion(response)})")
                : new(endpoint, false, $"answered /_ping with {(int)response.StatusCode} \"{body[..Math.Min(body.Length, 60)]}\", not Docker's OK");
        }
        catch (HttpRequestException exception)
        {
            return new(endpoint, false, (exception.InnerException as SocketException)?.Message ?? exception.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(endpoint, false, $"no answer within {timeout.TotalSeconds:0.#} s");
        }
    }

    private static (EndPoint? Address, string? Refusal) SocketAddressOf(Uri uri)
    {
        switch (uri.Scheme)
        {
            case "unix":
                return File.Exists(uri.AbsolutePath)
                    ? (new UnixDomainSocketEndPoint(uri.AbsolutePath), null)
                    : (null, $"{uri.AbsolutePath} does not exist");
            case "tcp" or "http":
                var host = uri.Host.Trim('[', ']');
                var address = host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var parsed) ? parsed : null;
                // Containers publish their ports on 127.0.0.1 of the engine's machine, so only an engine on this one will do.
                return address is not null && IPAddress.IsLoopback(address)
                    ? (new IPEndPoint(address, uri.IsDefaultPort || uri.Port < 0 ? 2375 : uri.Port), null)
                    : (null, $"{uri.Host} is not this machine's loopback, where the containers' ports would be published");
            default:
                return (null, $"{uri.Scheme}:// endpoints are not supported here (use unix:// or tcp:// on loopback)");
        }
    }

    private static async ValueTask<Stream> ConnectAsync(EndPoint address, CancellationToken cancellationToken)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream,
            address is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(address, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static string ApiVersion(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Api-Version", out var values) ? string.Join(",", values) : "version not given";
}
