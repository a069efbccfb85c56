using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Handoff.AppHost.Publishing;

/// <summary>
/// The broker takes only TLS in the cluster (<c>publish --broker-tls true</c>), with the certificate, key and CA of the
/// Secret <see cref="SecretName"/> (cert-manager's <c>tls.crt</c>, <c>tls.key</c>, <c>ca.crt</c>, for the broker's Service
/// name); its clients trust that CA. A local run ignores it: the local brokers listen on loopback only.
/// </summary>
public sealed record BrokerTlsAnnotation : IResourceAnnotation
{
    public const string SecretName = "handoff-broker-tls";

    /// <summary>Where a broker reads its certificate and a service the CA it trusts.</summary>
    public const string BrokerDirectory = "/etc/handoff/tls";

    public const string CaDirectory = "/etc/handoff/broker-ca";

    /// <summary>
    /// What OpenSSL, and so .NET on Linux, reads trusted roots from: the image's own and the broker CA. A list, so that the
    /// Bot Connector's public CAs stay trusted.
    /// </summary>
    public const string TrustedDirectories = $"/etc/ssl/certs:{CaDirectory}";

    public static void RequirePublishMode(DistributedApplicationExecutionContext context)
    {
        if (!context.IsPublishMode)
        {
            throw new ArgumentException("--broker-tls applies to publish (the cluster's brokers): the local brokers listen on loopback only.");
        }
    }

    public static bool On(IResource resource) =>
        resource.Annotations.OfType<BrokerTlsAnnotation>().Any()
        || resource is IResourceWithParent { Parent: { } parent } && parent.Annotations.OfType<BrokerTlsAnnotation>().Any();
}
