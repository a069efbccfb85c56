using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace Handoff.AppHost.Publishing.Kubernetes;

/// <summary>
/// Turns what the model's environment callbacks hand a service in publish mode (strings, parameters, endpoint and
/// connection-string references, expressions over them) into in-cluster values: a project's endpoint is its
/// Service, a broker's is its StatefulSet's Service, a secret is a reference to <see cref="ClusterSecret"/>.
/// </summary>
internal sealed class ClusterValues(ProjectResource project, Func<IResource, IClusterBroker?> brokerFor)
{
    public async ValueTask<ClusterValue> ResolveAsync(object value, CancellationToken cancellationToken) => value switch
    {
        string text => ClusterValue.Plain(text),
        ParameterResource { Secret: true } secret => new ClusterValue($"$({VariableFor(secret)})", [ClusterSecret.EnvironmentVariable(VariableFor(secret), secret.Name)]),
        ParameterResource parameter => ClusterValue.Plain(await parameter.GetValueAsync(cancellationToken) ?? ""),
        ConnectionStringReference reference => Broker(reference.Resource).ConnectionString,
        IResourceWithConnectionString resource when brokerFor(resource) is { } broker => broker.ConnectionString,
        EndpointReference endpoint => Endpoint(endpoint, EndpointProperty.Url),
        EndpointReferenceExpression expression => Endpoint(expression.Endpoint, expression.Property),
        ReferenceExpression expression => await FormatAsync(expression, cancellationToken),
        IFormattable formattable => ClusterValue.Plain(formattable.ToString(null, CultureInfo.InvariantCulture)),
        _ => throw Unplaceable(value.GetType().Name),
    };

    /// <summary>The variable a secret parameter is declared as when an expression embeds it: <c>redis-password</c> is <c>$(REDIS_PASSWORD)</c>.</summary>
    public static string VariableFor(ParameterResource parameter) => parameter.Name.Replace('-', '_').ToUpperInvariant();

    private async Task<ClusterValue> FormatAsync(ReferenceExpression expression, CancellationToken cancellationToken)
    {
        if (expression.IsConditional)
        {
            throw Unplaceable($"conditional expression {expression.ValueExpression}");
        }

        var parts = new List<ClusterValue>();
        foreach (var provider in expression.ValueProviders)
        {
            parts.Add(await ResolveAsync(provider, cancellationToken));
        }

        var text = string.Format(CultureInfo.InvariantCulture, expression.Format, parts.Select(part => (object)part.Text).ToArray());
        var secrets = parts.SelectMany(part => part.Secrets)
            .DistinctBy(secret => (string?)secret["name"])
            .ToList();
        return new ClusterValue(text, secrets);
    }

    private ClusterValue Endpoint(EndpointReference endpoint, EndpointProperty property)
    {
        var (host, port, targetPort) = endpoint.Resource switch
        {
            // The service's own endpoint (HTTP_PORTS and the like): what its container listens on.
            var owner when owner == project => ("localhost", ServiceManifest.ContainerPort, ServiceManifest.ContainerPort),
            ProjectResource other => (other.Name, ServiceManifest.Port, ServiceManifest.ContainerPort),
            var owner when brokerFor(owner) is { } broker => (broker.Name, broker.Port, broker.Port),
            var owner => throw Unplaceable($"endpoint {endpoint.EndpointName} of {owner.Name}"),
        };
        var scheme = endpoint.Resource is ProjectResource ? "http" : endpoint.Scheme;
        return ClusterValue.Plain(property switch
        {
            EndpointProperty.Url => $"{scheme}://{host}:{port}",
            EndpointProperty.Host or EndpointProperty.IPV4Host => host,
            EndpointProperty.Port => port.ToString(CultureInfo.InvariantCulture),
            EndpointProperty.TargetPort => targetPort.ToString(CultureInfo.InvariantCulture),
            EndpointProperty.HostAndPort => $"{host}:{port}",
            EndpointProperty.Scheme => scheme,
            EndpointProperty.TlsEnabled => bool.FalseString.ToLowerInvariant(),
            _ => throw Unplaceable($"endpoint property {property}"),
        });
    }

    private IClusterBroker Broker(IResource resource) => brokerFor(resource) ?? throw Unplaceable($"the connection string of {resource.Name}");

    private InvalidOperationException Unplaceable(string what) =>
        new($"{project.Name}'s environment names {what}, which the publisher cannot place in a cluster.");
}
