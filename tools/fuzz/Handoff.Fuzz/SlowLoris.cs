using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Handoff.Fuzz;

/// <summary>
/// Clients that dribble a request a byte at a time: half of them the headers, half the body of a request
/// whose headers were complete. Kestrel must cut them off (RequestHeadersTimeout, MinRequestBodyDataRate)
/// while everyone else is served.
/// </summary>
public static class SlowLoris
{
    public sealed record Result(int Connection, string Kind, TimeSpan ClosedAfter, int BytesSent, int Status, bool ClosedByServer);

    public static Task<Result[]> RunAsync(Uri endpoint, int connections, TimeSpan interval, TimeSpan giveUp, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, connections).Select(i => DribbleAsync(endpoint, i, i % 2 == 0 ? "headers" : "body", interval, giveUp, cancellationToken)));

    private static async Task<Result> DribbleAsync(Uri endpoint, int index, string kind, TimeSpan interval, TimeSpan giveUp, CancellationToken cancellationToken)
    {
        const string body = "{\"type\":\"message\",\"text\":\"" + "slow slow slow slow slow slow slow slow slow slow" + "\"}";
        var headers = $"POST {endpoint.PathAndQuery} HTTP/1.1\r\nHost: {endpoint.Authority}\r\nContent-Type: application/json\r\n" +
                      $"Content-Length: {body.Length}\r\nX-Slow: {new string('s', 200)}\r\n\r\n";
        var clock = Stopwatch.StartNew();
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var sent = 0;
        if (kind == "body")
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(headers), cancellationToken);
            sent += headers.Length;
        }

        var dribble = Encoding.ASCII.GetBytes(kind == "headers" ? headers + body : body);
        // A reader notices the server closing (or answering) while we are still dribbling.
        var reading = Sender.ReadStatusAsync(stream, cancellationToken);
        foreach (var b in dribble)
        {
            if (reading.IsCompleted || clock.Elapsed > giveUp)
            {
                break;
            }

            try
            {
                await stream.WriteAsync(new[] { b }, cancellationToken);
                sent++;
            }
            catch (IOException)
            {
                break;
            }

            await Task.WhenAny(reading, Task.Delay(interval, cancellationToken));
        }

        var left = giveUp - clock.Elapsed;
        var closed = await Task.WhenAny(reading, Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellationToken)) == reading;
        var status = 0;
        if (closed)
        {
            try
            {
                status = await reading;
            }
            catch (IOException)
            {
                // Reset by the server: closed all the same.
            }
        }

        return new Result(index, kind, clock.Elapsed, sent, status, closed);
    }
}
