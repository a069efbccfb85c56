namespace Handoff.Hosting.Orchestration;

/// <summary>
/// Turns the model into what runs: a project with <c>WithReplicas(n)</c> becomes n resources named
/// <c>{name}-0</c>…<c>{name}-{n-1}</c>, each on a free port, and whatever referenced or waited for the
/// project now references and waits for every replica.
/// </summary>
internal static class ReplicaExpansion
{
    public static List<Resource> Expand(IReadOnlyList<Resource> model)
    {
        var replicasOf = new Dictionary<Resource, List<Resource>>();
        foreach (var project in model.OfType<ProjectResource>().Where(project => project.Replicas > 1))
        {
            if (project.HasFixedPort)
            {
                throw new InvalidOperationException(
                    $"{project.Name} has {project.Replicas} replicas and the fixed port {project.Port}, which only one process can listen on. " +
                    "Give the port to a proxy in front of them (builder.AddYarp(…).WithHttpEndpoint(port)) and let the replicas take free ports.");
            }

            replicasOf[project] = [.. Enumerable.Range(0, project.Replicas).Select(project.CreateReplica)];
        }

        var running = model.SelectMany(resource => replicasOf.TryGetValue(resource, out var replicas) ? replicas : [resource]).ToList();
        foreach (var resource in running)
        {
            Replace(resource.WaitsFor, replicasOf);
            if (resource is ProjectResource project)
            {
                Replace(project.References, replicasOf);
            }
        }

        return running;
    }

    private static void Replace(List<Resource> dependencies, Dictionary<Resource, List<Resource>> replicasOf)
    {
        var expanded = dependencies.SelectMany(dependency => replicasOf.TryGetValue(dependency, out var replicas) ? replicas : [dependency]).ToList();
        dependencies.Clear();
        dependencies.AddRange(expanded);
    }
}
