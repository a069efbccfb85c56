using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Handoff.AppHost.CommandLine;

/// <summary>
/// The AppHost's own switches (<c>--replicas 2</c>, <c>--redis-replicas 2</c>, <c>--rabbitmq-nodes 3</c>,
/// <c>--gateway-port 3978</c>, <c>--data-dir DIR</c>, <c>--environment NAME</c>, <c>--broker-tls true</c>, <c>--bot ticket-desk</c>), read from the configuration Aspire
/// builds from the command line (or <c>AppHost:Replicas</c> and so on), each checked with the switch named in the error.
/// </summary>
public sealed record AppHostOptions(int Replicas, int RedisReplicas, int RabbitMqNodes, int GatewayPort, string DataDirectory, string Environment,
    bool BrokerTls, BotProject Bot = BotProject.Gateway)
{
    public const int DefaultGatewayPort = 3978;

    public static AppHostOptions From(IConfiguration configuration) => new(
        Count(configuration, "replicas", "Replicas", defaultValue: 1, min: 1, max: 9),
        Count(configuration, "redis-replicas", "RedisReplicas", defaultValue: 0, min: 0, max: 5),
        // 3 is the smallest cluster that survives losing a node.
        Count(configuration, "rabbitmq-nodes", "RabbitMqNodes", defaultValue: 1, min: 1, max: 9),
        Count(configuration, "gateway-port", "GatewayPort", DefaultGatewayPort, min: 1, max: 65535),
        Text(configuration, "data-dir", "DataDirectory") is { } directory
            ? Path.GetFullPath(directory)
            : Path.Combine(Path.GetTempPath(), $"handoff-apphost-{System.Environment.ProcessId}-{Guid.NewGuid():N}"[..48]),
        Text(configuration, "environment", "Environment") ?? "Development",
        Flag(configuration, "broker-tls", "BrokerTls"),
        Choice(configuration, "bot", "Bot", BotProjects.Names, BotProject.Gateway));

    private static T Choice<T>(IConfiguration configuration, string option, string key, IReadOnlyDictionary<string, T> names, T defaultValue) =>
        Text(configuration, option, key) switch
        {
            null => defaultValue,
            var text when names.TryGetValue(text, out var value) => value,
            var text => throw new ArgumentException($"--{option} must be one of {string.Join(", ", names.Keys)} (got '{text}')."),
        };

    private static bool Flag(IConfiguration configuration, string option, string key) => Text(configuration, option, key) switch
    {
        null => false,
        var text when bool.TryParse(text, out var value) => value,
        var text => throw new ArgumentException($"--{option} must be true or false (got '{text}')."),
    };

    private static string? Text(IConfiguration configuration, string option, string key)
    {
        var value = configuration[option] ?? configuration[$"AppHost:{key}"];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static int Count(IConfiguration configuration, string option, string key, int defaultValue, int min, int max)
    {
        var text = Text(configuration, option, key);
        if (text is null)
        {
            return defaultValue;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"--{option} must be a whole number from {min} to {max} (got '{text}').");
    }
}
