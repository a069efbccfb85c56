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
    public static async Task<string?> SendAsync(int port, string command, CancellationToken cancellationToken) =>
        (await SendAsync(port, [command], cancellationToken))[0];

    /// <summary>
    /// <paramref name="command"/> after <c>AUTH user password</c> on the same connection: its reply, or AUTH's error
    /// when the credentials are refused.
    /// </summary>
    public static async Task<string?> SendAuthenticatedAsync(int port, string user, string password, string command, CancellationToken cancellationToken)
    {
        var replies = await SendAsync(port, [$"AUTH {user} {password}", command], cancellationToken);
        return replies[0] == "OK" ? replies[1] : replies[0];
    }

    private static async Task<IReadOnlyList<string?>> SendAsync(int port, IReadOnlyList<string> commands, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(string.Concat(commands.Select(command => command + "\r\n"))), cancellationToken);
        var replies = new List<string?>();
        var received = new MemoryStream();
        var parsed = 0;
        var buffer = new byte[4096];
        while (replies.Count < commands.Count)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                throw new IOException($"Redis on port {port} closed the connection during '{commands[replies.Count].Split(' ')[0]}'.");
            }

            received.Write(buffer, 0, read);
            while (replies.Count < commands.Count
                   && TryParse(received.GetBuffer().AsSpan(parsed, (int)received.Length - parsed), out var reply, out var consumed))
            {
                replies.Add(reply);
                parsed += consumed;
            }
        }

        return replies;
    }

    /// <param name="consumed">The bytes of <paramref name="data"/> the reply took, once it is complete.</param>
    private static bool TryParse(ReadOnlySpan<byte> data, out string? reply, out int consumed)
    {
        reply = null;
        consumed = 0;
        var headerEnd = data.IndexOf((byte)'\n');
        if (headerEnd < 1 || data[headerEnd - 1] != (byte)'\r')
        {
            return false;
        }

        var header = Encoding.UTF8.GetString(data[..(headerEnd - 1)]);
        switch (header[0])
        {
            case '+' or ':':
                reply = header[1..];
                consumed = headerEnd + 1;
                return true;
            case '-':
                reply = header;
                consumed = headerEnd + 1;
                return true;
            case '$':
                var length = int.Parse(header[1..]);
                if (length < 0)
                {
                    consumed = headerEnd + 1;
                    return true;
                }

                var body = data[(headerEnd + 1)..];
                if (body.Length < length + 2)
                {
                    return false;
                }

                reply = Encoding.UTF8.GetString(body[..length]);
                consumed = headerEnd + 1 + length + 2;
                return true;
            default:
                throw new IOException($"Unexpected Redis reply '{header}'.");
        }
    }
}
