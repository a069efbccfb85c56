namespace Handoff.Hosting.Orchestration;

public sealed class ResourceBuilder<T>(T resource)
    where T : Resource
{
    public T Resource { get; } = resource;

    /// <summary>Start this resource only once <paramref name="dependency"/> is ready.</summary>
    public ResourceBuilder<T> WaitFor<TOther>(ResourceBuilder<TOther> dependency)
        where TOther : Resource
    {
        if (!Resource.WaitsFor.Contains(dependency.Resource))
        {
            Resource.WaitsFor.Add(dependency.Resource);
        }

        return this;
    }

    public ResourceBuilder<T> WithAnnotation(IResourceAnnotation annotation)
    {
        Resource.Annotations.Add(annotation);
        return this;
    }
}

public static class ProjectResourceBuilderExtensions
{
    /// <summary>Hand <paramref name="source"/>'s connection string or endpoint to the project (Aspire's environment conventions).</summary>
    public static ResourceBuilder<ProjectResource> WithReference<TOther>(this ResourceBuilder<ProjectResource> builder, ResourceBuilder<TOther> source)
        where TOther : Resource
    {
        builder.Resource.References.Add(source.Resource);
        if (source.Resource is ProjectResource && !builder.Resource.WaitsFor.Contains(source.Resource))
        {
            // A project's port is settled when it starts (one taken meanwhile is replaced): read it after that.
            builder.Resource.WaitsFor.Add(source.Resource);
        }

        return builder;
    }

    public static ResourceBuilder<ProjectResource> WithHttpEndpoint(this ResourceBuilder<ProjectResource> builder, int port, string host = "127.0.0.1")
    {
        builder.Resource.Port = port;
        builder.Resource.Host = host;
        builder.Resource.HasFixedPort = true;
        return builder;
    }

    /// <summary>
    /// Run <paramref name="replicas"/> copies (Aspire's <c>WithReplicas</c>). They are found through service
    /// discovery (<c>services__{name}__http__0…n-1</c>), consume from the same queues and keep no state of
    /// their own; callers from outside reach them through a proxy (<c>AddYarp</c>).
    /// </summary>
    public static ResourceBuilder<ProjectResource> WithReplicas(this ResourceBuilder<ProjectResource> builder, int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        builder.Resource.Replicas = replicas;
        return builder;
    }

    /// <summary>Run locally only: <c>publish</c> leaves it out (Aspire's <c>ExcludeFromManifest</c>).</summary>
    public static ResourceBuilder<ProjectResource> ExcludeFromManifest(this ResourceBuilder<ProjectResource> builder)
    {
        builder.Resource.ExcludedFromManifest = true;
        return builder;
    }

    public static ResourceBuilder<ProjectResource> WithEnvironment(this ResourceBuilder<ProjectResource> builder, string name, string value)
    {
        builder.Resource.Environment[name] = value;
        return builder;
    }

    /// <summary>The parameter's value for a local run; a reference to it (a Secret key, for a secret) when published.</summary>
    public static ResourceBuilder<ProjectResource> WithEnvironment(this ResourceBuilder<ProjectResource> builder, string name, ParameterResource parameter)
    {
        builder.Resource.ParameterEnvironment[name] = parameter;
        return builder;
    }

    public static ResourceBuilder<ProjectResource> WithExternalHttpEndpoints(this ResourceBuilder<ProjectResource> builder)
    {
        builder.Resource.HasExternalHttpEndpoints = true;
        return builder;
    }
}
