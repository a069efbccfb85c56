using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Handoff.AppHost.Services;

public static class HandoffProjectExtensions
{
    /// <summary>
    /// What every Handoff service gets: an HTTP endpoint (on <paramref name="port"/>, or any), its <c>/health</c> as the
    /// resource's health, N replicas, the environment, the shared pseudonym key, one-line console logs, and
    /// <c>Hosting:ExitWithParent</c> so that the service never outlives the <c>dotnet run</c> wrapper DCP watches.
    /// Workstation GC (<c>DOTNET_gcServer=0</c>, also in the published ConfigMap): each service shares a few cores with
    /// the others and the brokers, where Server GC kept about twice its live heap committed (ADR 0016).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithHandoffDefaults(this IResourceBuilder<ProjectResource> project,
        int replicas, string environment, IResourceBuilder<ParameterResource> pseudonymKey, int? port = null) =>
        project
            .WithHttpEndpoint(port: port, name: "http")
            .WithoutHttpsCertificate()
            .WithHttpHealthCheck("/health")
            .WithReplicas(replicas)
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", environment)
            .WithEnvironment("DOTNET_ENVIRONMENT", environment)
            .WithEnvironment("Hosting__ExitWithParent", "true")
            .WithEnvironment("DOTNET_gcServer", "0")
            .WithEnvironment("Redaction__PseudonymKey", pseudonymKey)
            .WithEnvironment("Logging__Console__FormatterName", "simple")
            .WithEnvironment("Logging__Console__FormatterOptions__SingleLine", "true")
            .WithEnvironment("Logging__Console__FormatterOptions__ColorBehavior", "Disabled");

    /// <summary>Sets <paramref name="name"/> from the parameter only when it has a value, so an unset optional secret stays unset.</summary>
    public static IResourceBuilder<ProjectResource> WithOptionalSecret(this IResourceBuilder<ProjectResource> project, string name,
        IResourceBuilder<ParameterResource>? parameter) =>
        parameter is null ? project : project.WithEnvironment(name, parameter);
}
