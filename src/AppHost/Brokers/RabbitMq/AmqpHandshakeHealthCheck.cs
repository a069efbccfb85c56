using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Handoff.AppHost.Brokers.RabbitMq;

/// <summary>Healthy when every port answers the AMQP 0-9-1 protocol header with a Connection.Start method frame (type 1).</summary>
public sealed class AmqpHandshakeHealthCheck(params IReadOnlyList<int> ports) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var silent = new List<int>();
        foreach (var port in ports)
        {
            if (!await AnswersAsync(port, cancellationToken))
            {
                silent.Add(port);
            }
        }

        return silent.Count == 0 ? HealthCheckResult.Healthy()
            : silent.Count < ports.Count ? HealthCheckResult.Degraded($"no AMQP handshake on port {string.Join(", ", silent)}")
            : HealthCheckResult.Unhealthy($"no AMQP handshake on port {string.Join(", ", silent)}");
    }

    public static async Task<bool> AnswersAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("AMQP\0\0\u0009\u0001"u8.ToArray(), timeout.Token);
            var buffer = new byte[8];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return read > 0 && buffer[0] == 1;
        }
        catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
