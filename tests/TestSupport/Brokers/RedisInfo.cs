using Handoff.AppHost.Brokers.Redis;

namespace Handoff.TestSupport.Brokers;

/// <summary>One section of a Redis node's or sentinel's <c>INFO</c>, as its <c>field:value</c> lines.</summary>
public static class RedisInfo
{
    public static async Task<IReadOnlyDictionary<string, string>> ReadAsync(int port, string section, CancellationToken cancellationToken)
    {
        var text = await RedisInlineCommand.SendAsync(port, $"INFO {section}", cancellationToken) ?? "";
        return text.Split("\r\n")
            .Where(line => line.Length > 0 && line[0] != '#' && line.Contains(':', StringComparison.Ordinal))
            .Select(line => line.Split(':', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
    }

    /// <summary>A value made of <c>name=value</c> pairs, as a sentinel's <c>master0:name=…,status=ok,address=…,slaves=N,sentinels=M</c>.</summary>
    public static IReadOnlyDictionary<string, string> Pairs(string value) =>
        value.Split(',').Select(pair => pair.Split('=', 2)).Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
}
