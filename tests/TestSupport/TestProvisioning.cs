using System.Reflection;
using Handoff.TestSupport.Brokers.Provisioning;
using Handoff.TestSupport.Containers;

namespace Handoff.TestSupport;

/// <summary>
/// Where this test process gets Redis and RabbitMQ: decided once from <c>HANDOFF_PROVISIONING</c> and the
/// Docker engine (see docs/decisions/0010), said once on the console, and written down by every fixture that
/// starts, in <c>artifacts/provisioning-path.txt</c>, which CI reads back.
/// </summary>
public static class TestProvisioning
{
    private static readonly Lazy<Task<ProvisioningDecision>> Decision = new(DecideAsync);

    public static string RecordPath { get; } = System.IO.Path.Combine(RepositoryRoot.Path, "artifacts", "provisioning-path.txt");

    /// <summary>The provisioner for <paramref name="resource"/>; throws, and records why, when the asked-for path cannot be had.</summary>
    public static async Task<IInfrastructureProvisioner> SelectAsync(string resource)
    {
        ProvisioningDecision decision;
        try
        {
            decision = await Decision.Value;
        }
        catch (Exception exception)
        {
            await RecordAsync(resource, $"none ({exception.Message})");
            throw;
        }

        await RecordAsync(resource, decision.Summary);
        return decision.Path == ProvisioningPath.Containers
            ? new ContainerProvisioner(decision.DockerEndpoint!)
            : new LocalProcessProvisioner();
    }

    private static async Task<ProvisioningDecision> DecideAsync()
    {
        var decision = await ProvisioningSelector.DecideFromEnvironmentAsync(CancellationToken.None);
        await Console.Out.WriteLineAsync($"[{AssemblyName}] Redis and RabbitMQ: {decision.Summary}");
        return decision;
    }

    private static string AssemblyName => Assembly.GetEntryAssembly()?.GetName().Name ?? "tests";

    private static async Task RecordAsync(string resource, string line)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(RecordPath)!);
        // Test assemblies run as parallel processes, and .NET locks a file it appends to: wait for the other.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await File.AppendAllTextAsync(RecordPath, $"{AssemblyName} {resource}: {line}{Environment.NewLine}");
                return;
            }
            catch (IOException) when (attempt < 50)
            {
                await Task.Delay(20);
            }
        }
    }
}
