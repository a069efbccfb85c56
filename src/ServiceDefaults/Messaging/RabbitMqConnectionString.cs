namespace Handoff.ServiceDefaults.Messaging;

/// <summary>
/// Aspire's <c>amqp://user:pass@host:port/vhost</c> URI, widened to a cluster: several <c>host:port</c> nodes
/// separated by commas (<c>amqp://user:pass@rabbit-0:5672,rabbit-1:5672,rabbit-2:5672/handoff</c>), the form
/// RabbitMQ's own clients and operators use. <see cref="Uri"/> cannot read it, so it is parsed here.
/// User and password are percent-encoded (<c>%40</c> for <c>@</c>); a missing user or password is <c>guest</c>;
/// no path or <c>/</c> is the default virtual host <c>/</c>, and <c>%2F</c> encodes a slash inside a name.
/// </summary>
public sealed record RabbitMqConnectionString(bool UseTls, string UserName, string Password, IReadOnlyList<RabbitMqNode> Nodes, string VirtualHost)
{
    public const int AmqpPort = 5672;
    public const int AmqpsPort = 5671;

    public const string Format = "amqp[s]://[user[:password]@]host[:port][,host[:port]...][/vhost]";

    public bool IsCluster => Nodes.Count > 1;

    /// <summary>Reads a connection string; a malformed one throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static RabbitMqConnectionString Parse(string? value) =>
        TryParse(value, out var parsed, out var error) ? parsed : throw new FormatException(error);

    public static bool TryParse(string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RabbitMqConnectionString? parsed, out string error)
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = $"it is empty; expected {Format}";
            return false;
        }

        var schemeEnd = value.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd < 0 ? "" : value[..schemeEnd].ToLowerInvariant();
        if (scheme is not ("amqp" or "amqps"))
        {
            error = $"it must start with amqp:// or amqps://; expected {Format}";
            return false;
        }

        if (value.IndexOfAny(['?', '#']) >= 0)
        {
            error = "query parameters and fragments are not supported";
            return false;
        }

        var rest = value[(schemeEnd + 3)..];
        // The path starts after the user information: a '/' in a password must not be read as the virtual host.
        var pathStart = rest.IndexOf('/', rest.LastIndexOf('@') + 1);
        var authority = pathStart < 0 ? rest : rest[..pathStart];
        var path = pathStart < 0 ? "" : rest[(pathStart + 1)..];

        // The password may itself contain an unencoded '@' in hand-written strings; the last '@' ends the user information.
        var at = authority.LastIndexOf('@');
        var userInfo = at < 0 ? "" : authority[..at];
        var hosts = at < 0 ? authority : authority[(at + 1)..];
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
        var password = colon < 0 ? "guest" : Uri.UnescapeDataString(userInfo[(colon + 1)..]);

        if (path.Contains('/', StringComparison.Ordinal))
        {
            error = $"the virtual host '{path}' has a '/': encode it as %2F";
            return false;
        }

        var useTls = scheme == "amqps";
        var nodes = new List<RabbitMqNode>();
        foreach (var node in hosts.Split(','))
        {
            if (!TryParseNode(node, useTls ? AmqpsPort : AmqpPort, out var parsedNode, out error))
            {
                return false;
            }

            if (nodes.Contains(parsedNode))
            {
                error = $"the node {parsedNode} is listed twice";
                return false;
            }

            nodes.Add(parsedNode);
        }

        parsed = new RabbitMqConnectionString(useTls, user.Length > 0 ? user : "guest", password, nodes,
            path.Length == 0 ? "/" : Uri.UnescapeDataString(path));
        error = "";
        return true;
    }

    private static bool TryParseNode(string node, int defaultPort, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RabbitMqNode? parsed, out string error)
    {
        parsed = null;
        if (node.StartsWith('['))
        {
            // MassTransit's cluster nodes are "host:port" split on ':', so an IPv6 literal cannot be handed over.
            error = $"the node '{node}' is an IPv6 literal, which is not supported; use a host name";
            return false;
        }

        var parts = node.Split(':');
        if (parts.Length > 2 || parts[0].Length == 0)
        {
            error = node.Length == 0
                ? "a host is missing (an empty name between commas, or none at all)"
                : $"the node '{node}' is not host or host:port";
            return false;
        }

        if (Uri.CheckHostName(parts[0]) is not (UriHostNameType.Dns or UriHostNameType.IPv4))
        {
            error = $"the host '{parts[0]}' is not a valid host name";
            return false;
        }

        var port = defaultPort;
        if (parts.Length == 2 && (!int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            error = $"the port of '{node}' must be a number from 1 to 65535";
            return false;
        }

        parsed = new RabbitMqNode(parts[0], port);
        error = "";
        return true;
    }

    /// <summary>The same string with the password hidden, for messages and logs.</summary>
    public override string ToString() =>
        $"{(UseTls ? "amqps" : "amqp")}://{Uri.EscapeDataString(UserName)}:***@{string.Join(',', Nodes)}/{Uri.EscapeDataString(VirtualHost == "/" ? "" : VirtualHost)}";
}
