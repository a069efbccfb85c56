using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Handoff.Fuzz;

/// <summary>What came back for one case: an HTTP status, or why there was none.</summary>
public readonly record struct Outcome(int Status, string? Error, TimeSpan Elapsed)
{
    /// <summary>The status, or a label for a request that got no answer.</summary>
    public string Label => Status > 0 ? Status.ToString() : $"no-response:{Error}";
}

/// <summary>
/// Sends cases to the gateway: ordinary ones with HttpClient (keep-alive, as the channel would), broken
/// framing over a raw socket, since no HTTP client will write a lying Content-Length.
/// </summary>
public sealed class Sender(Uri endpoint, Uri serviceUrl, int connections) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        Timeout = TimeSpan.FromSeconds(90),
    };

    public async Task<Outcome> SendAsync(FuzzCase fuzzCase, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var status = fuzzCase.Framing == Framing.Normal
                ? await SendHttpAsync(fuzzCase, cancellationToken)
                : await SendRawAsync(fuzzCase, cancellationToken);
            return new Outcome(status, null, clock.Elapsed);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or SocketException
                                              || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new Outcome(0, exception.GetType().Name, clock.Elapsed);
        }
    }

    private async Task<int> SendHttpAsync(FuzzCase fuzzCase, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(new HttpMethod(fuzzCase.Method), endpoint)
        {
            Content = new ByteArrayContent(fuzzCase.BodyFor(serviceUrl)),
        };
        request.Content.Headers.ContentType = null;
        if (fuzzCase.ContentType is { } contentType)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return (int)response.StatusCode;
    }

    private async Task<int> SendRawAsync(FuzzCase fuzzCase, CancellationToken cancellationToken)
    {
        var body = fuzzCase.BodyFor(serviceUrl);
        var head = new StringBuilder()
            .Append($"{fuzzCase.Method} {endpoint.PathAndQuery} HTTP/1.1\r\nHost: {endpoint.Authority}\r\nConnection: close\r\n");
        if (fuzzCase.ContentType is { } contentType)
        {
            head.Append($"Content-Type: {contentType}\r\n");
        }

        byte[] payload;
        switch (fuzzCase.Framing)
        {
            case Framing.ShortContentLength:
                head.Append($"Content-Length: {body.Length + 1 + (body.Length / 2)}\r\n\r\n");
                payload = body;
                break;
            case Framing.HugeContentLength:
                head.Append("Content-Length: 1099511627776\r\n\r\n");
                payload = body;
                break;
            case Framing.TruncatedChunked:
                head.Append("Transfer-Encoding: chunked\r\n\r\n");
                payload = [.. Encoding.ASCII.GetBytes($"{body.Length + 10:x}\r\n"), .. body];
                break;
            case Framing.BadChunkSize:
                head.Append("Transfer-Encoding: chunked\r\n\r\n");
                payload = [.. "zz;\r\n"u8, .. body, .. "\r\n0\r\n\r\n"u8];
                break;
            default:
                head.Append($"Content-Length: {body.Length}\r\nTransfer-Encoding: chunked\r\n\r\n");
                payload = [.. Encoding.ASCII.GetBytes($"{body.Length:x}\r\n"), .. body, .. "\r\n0\r\n\r\n"u8];
                break;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint.Host == "localhost" ? "localhost" : endpoint.Host, endpoint.Port, timeout.Token);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), timeout.Token);
            await stream.WriteAsync(payload, timeout.Token);
            // The client is done: the server sees the end of a body shorter than promised.
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (IOException)
        {
            // The server may answer (413) and close before the whole payload is written; read what it said.
        }

        return await ReadStatusAsync(stream, timeout.Token);
    }

    /// <summary>The status code from the first response line, or 0 when the server closed without one.</summary>
    internal static async Task<int> ReadStatusAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        var filled = 0;
        while (filled < 12)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                return 0;
            }

            filled += read;
        }

        var line = Encoding.ASCII.GetString(buffer, 0, filled);
        return line.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && int.TryParse(line.AsSpan(9, 3), out var status) ? status : 0;
    }

    public void Dispose() => _http.Dispose();
}
