using Aspire.Hosting.ApplicationModel;

namespace Handoff.AppHost.Publishing;

/// <summary>
/// A container's requests and limits, in Kubernetes quantities. The defaults fit the benchmark's figures: each
/// service idles well under 200 MB and the three stay under 600 MB under load.
/// </summary>
public sealed record ComputeResourcesAnnotation(
    string CpuRequest = "100m",
    string MemoryRequest = "256Mi",
    string CpuLimit = "1",
    string MemoryLimit = "512Mi") : IResourceAnnotation
{
    public static ComputeResourcesAnnotation Default { get; } = new();

    public static ComputeResourcesAnnotation For(IResource resource) =>
        resource.Annotations.OfType<ComputeResourcesAnnotation>().LastOrDefault() ?? Default;
}
