using System.Net.Http;
using System.Net.Sockets;

namespace Handoff.AppHost.Brokers.Provisioning;

/// <summary>
/// Whether a Docker engine answers <c>/_ping</c> (at <c>DOCKER_HOST</c> or the default socket) within 2 s: then the
/// brokers are Aspire's containers; otherwise Debian's programs run as executables (docs/decisions/0012).
/// </summary>
public static class DockerEngine
{
    public static async Task<(bool Answers, string Reason)> ProbeAsync(string? dockerHost)
    {
        var host = string.IsNullOrWhiteSpace(dockerHost) ? "unix:///var/run/docker.sock" : dockerHost;
        try
        {
            using var handler = CreateHandler(host, out var baseAddress);
            using var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
            using var response = await client.GetAsync("/_ping");
            return response.IsSuccessStatusCode
                ? (true, $"a Docker engine answers at {host}")
                : (false, $"the Docker engine at {host} answered {(int)response.StatusCode}");
        }
        catch (Exception exception) when (exception is HttpRequestException or SocketException or TaskCanceledException or IOException or NotSupportedException)
        {
            return (false, $"no Docker engine at {host}: {exception.GetBaseException().Message}");
        }
    }

    private static SocketsHttpHandler CreateHandler(string host, out Uri baseAddress)
    {
        if (host.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = host["unix://".Length..];
            if (!File.Exists(path))
            {
                throw new IOException($"{path} does not exist");
            }

            baseAddress = new Uri("http://docker");
            return new SocketsHttpHandler
            {
                ConnectCallback = async (_, cancellationToken) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            };
        }

        baseAddress = new Uri(host.Replace("tcp://", "http://", StringComparison.Ordinal));
        return new SocketsHttpHandler();
    }
}
