using System.Net.Sockets;
using System.Text;

namespace Handoff.AppHost.Brokers.Redis;

/// <summary>
/// One Redis command over a fresh loopback connection, in the inline form redis-cli would type, and its reply
/// as text: what provisioning needs to ask a node (INFO, CLUSTER INFO) without a client library.
/// </summary>
public static class RedisInlineCommand
{
    /// <summary>The reply of a simple string, error (with its leading '-'), integer or bulk string; null for a nil bulk.</summary>
    public static async Task<string?> SendAsync(int port, string command, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), cancellationToken);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        while (true)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                throw new IOException($"Redis on port {port} closed the connection during '{command}'.");
            }

            received.Write(buffer, 0, read);
            if (TryParse(received.ToArray(), out var reply))
            {
                return reply;
            }
        }
    }

    private static bool TryParse(byte[] data, out string? reply)
    {
        reply = null;
        var text = Encoding.UTF8.GetString(data);
        var headerEnd = text.IndexOf("\r\n", StringComparison.Ordinal);
        if (headerEnd < 0)
        {
            return false;
        }

        var header = text[..headerEnd];
        switch (header[0])
        {
            case '+' or ':':
                reply = header[1..];
                return true;
            case '-':
                reply = header;
                return true;
            case '$':
                var length = int.Parse(header[1..]);
                if (length < 0)
                {
                    return true;
                }

                var body = data.AsSpan(Encoding.UTF8.GetByteCount(header) + 2);
                if (body.Length < length + 2)
                {
                    return false;
                }

                reply = Encoding.UTF8.GetString(body[..length]);
                return true;
            default:
                throw new IOException($"Unexpected Redis reply '{header}'.");
        }
    }
}
