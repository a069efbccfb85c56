namespace Handoff.TestSupport.Brokers.Provisioning;

/// <summary>
/// Reads <c>HANDOFF_PROVISIONING</c> (<c>auto</c>, the default, <c>local</c> or <c>containers</c>) and, unless
/// it says local, whether a Docker engine answers. Asking for containers where none does is an error, never
/// a quiet fall back.
/// </summary>
public static class ProvisioningSelector
{
    public const string Variable = "HANDOFF_PROVISIONING";

    public static ProvisioningMode ParseMode(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => ProvisioningMode.Auto,
        "local" => ProvisioningMode.Local,
        "containers" => ProvisioningMode.Containers,
        _ => throw new ProvisioningException($"{Variable}={value} is not one of auto, local, containers."),
    };

    public static Task<ProvisioningDecision> DecideFromEnvironmentAsync(CancellationToken cancellationToken) =>
        DecideAsync(Environment.GetEnvironmentVariable(Variable), Environment.GetEnvironmentVariable("DOCKER_HOST"),
            DockerEngineProbe.DefaultTimeout, cancellationToken);

    public static async Task<ProvisioningDecision> DecideAsync(string? setting, string? dockerHost, TimeSpan probeTimeout, CancellationToken cancellationToken)
    {
        var mode = ParseMode(setting);
        if (mode == ProvisioningMode.Local)
        {
            return new(ProvisioningPath.LocalProcesses, $"{Variable}=local");
        }

        var engine = await DockerEngineProbe.PingAsync(dockerHost, probeTimeout, cancellationToken);
        if (engine.Answered)
        {
            return new(ProvisioningPath.Containers,
                $"{Variable}={mode.ToString().ToLowerInvariant()}; the Docker engine at {engine.Endpoint} {engine.Detail}", engine.Endpoint);
        }

        if (mode == ProvisioningMode.Containers)
        {
            throw new ProvisioningException($"{Variable}=containers but no Docker engine answers at {engine.Endpoint}: {engine.Detail}");
        }

        return new(ProvisioningPath.LocalProcesses, $"no Docker engine at {engine.Endpoint}: {engine.Detail}");
    }
}
