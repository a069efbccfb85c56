namespace Handoff.AppHost.Brokers;

/// <summary>
/// Where the brokers run: Aspire's containers when a Docker engine answers (<paramref name="UseContainers"/>), else
/// Debian's programs as executables keeping their data under <paramref name="DataDirectory"/> across restarts.
/// </summary>
public sealed record BrokerPlacement(bool UseContainers, string DataDirectory, string Reason);
