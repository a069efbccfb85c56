using System.Collections.Immutable;
using Aspire.Hosting.ApplicationModel;

namespace Handoff.AppHost.Brokers.Provisioning;

public static class SnapshotProperties
{
    /// <summary>The properties with <paramref name="name"/> set to <paramref name="value"/>, replacing an earlier value.</summary>
    public static ImmutableArray<ResourcePropertySnapshot> With(this ImmutableArray<ResourcePropertySnapshot> properties, string name, object? value) =>
        [.. properties.Where(property => property.Name != name), new ResourcePropertySnapshot(name, value)];
}
