namespace Handoff.AppHost.Tests;

/// <summary>Walks a manifest read back as YAML, failing with the path that is missing.</summary>
internal static class ManifestNodes
{
    public static object Get(Dictionary<object, object> node, params string[] path)
    {
        object current = node;
        foreach (var key in path)
        {
            var map = Assert.IsType<Dictionary<object, object>>(current);
            Assert.True(map.TryGetValue(key, out var next), $"No '{key}' in {string.Join('.', path)}.");
            current = next!;
        }

        return current;
    }

    public static List<Dictionary<object, object>> List(Dictionary<object, object> node, params string[] path) =>
        ((List<object>)Get(node, path)).Cast<Dictionary<object, object>>().ToList();

    /// <summary>A pod template's containers, its init containers too.</summary>
    public static IEnumerable<Dictionary<object, object>> Containers(Dictionary<object, object> workload)
    {
        var pod = (Dictionary<object, object>)Get(workload, "spec", "template", "spec");
        return List(pod, "containers").Concat(pod.ContainsKey("initContainers") ? List(pod, "initContainers") : []);
    }
}
