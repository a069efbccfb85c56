using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Brokers.Redis;
using Handoff.AppHost.Brokers.RabbitMq;

namespace Handoff.TestSupport.Brokers;

/// <summary>Probes that say a server is really serving, not just that its process exists.</summary>
public static class Readiness
{
    public static async Task WaitAsync(string what, Func<CancellationToken, Task<bool>> probe, Task processExited, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (processExited.IsCompleted)
            {
                throw new ProvisioningException($"{what} exited before it was ready.");
            }

            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(TimeSpan.FromSeconds(2));
            try
            {
                if (await probe(attempt.Token))
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is SocketException or IOException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not ready yet.
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new ProvisioningException($"{what} was not ready after {timeout.TotalSeconds:F0} s.");
    }

    /// <summary>Redis answers PING with +PONG.</summary>
    public static async Task<bool> RedisPongAsync(int port, CancellationToken cancellationToken) =>
        await RedisInlineCommand.SendAsync(port, "PING", cancellationToken) == "PONG";

    /// <summary>RabbitMQ answers the AMQP 0-9-1 protocol header with a Connection.Start method frame (type 1).</summary>
    public static async Task<bool> AmqpHandshakeAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync("AMQP\0\0\u0009\u0001"u8.ToArray(), cancellationToken);
        var buffer = new byte[8];
        var read = await stream.ReadAsync(buffer, cancellationToken);
        return read > 0 && buffer[0] == 1;
    }

    public static async Task<bool> HttpOkAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(url, cancellationToken);
        return response.IsSuccessStatusCode;
    }
}
