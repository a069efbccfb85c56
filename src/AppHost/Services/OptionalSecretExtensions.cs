using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Handoff.AppHost.Services;

public static class OptionalSecretExtensions
{
    /// <summary>
    /// A secret the system runs without (the bot registration, the admin key): a parameter when
    /// <c>Parameters:{name}</c> is configured or when publishing (the Secret may hold it), else null, so that a first
    /// local run asks for nothing (an Aspire parameter without a value would hold its resources until one is typed in).
    /// </summary>
    public static IResourceBuilder<ParameterResource>? AddOptionalSecret(this IDistributedApplicationBuilder builder, string name) =>
        builder.ExecutionContext.IsPublishMode || !string.IsNullOrWhiteSpace(builder.Configuration[$"Parameters:{name}"])
            ? builder.AddParameter(name, secret: true)
            : null;
}
