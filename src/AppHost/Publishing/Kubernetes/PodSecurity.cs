using Yaml = System.Collections.Generic.Dictionary<string, object?>;

namespace Handoff.AppHost.Publishing.Kubernetes;

/// <summary>
/// What every Handoff pod runs with, services and brokers alike (the Kubernetes "restricted" Pod Security Standard):
/// a non-root user, the runtime's default seccomp profile, no capabilities, no privilege escalation and a read-only
/// root filesystem, with an emptyDir at <c>/tmp</c> for what a process must write that is not data.
/// </summary>
internal static class PodSecurity
{
    public const string TemporaryFilesVolumeName = "tmp";

    public static Yaml TemporaryFilesVolume => EmptyDirectory(TemporaryFilesVolumeName);

    public static Yaml TemporaryFilesMount => Mount(TemporaryFilesVolumeName, "/tmp");

    /// <param name="user">The image's user id when the image starts as root and would switch itself (the brokers' 999).</param>
    public static Yaml Pod(int? user = null)
    {
        var context = new Yaml
        {
            ["runAsNonRoot"] = true,
            ["seccompProfile"] = new Yaml { ["type"] = "RuntimeDefault" },
        };
        if (user is { } id)
        {
            context["runAsUser"] = id;
            context["runAsGroup"] = id;
            context["fsGroup"] = id;
        }

        return context;
    }

    public static Yaml Container() => new()
    {
        ["allowPrivilegeEscalation"] = false,
        ["readOnlyRootFilesystem"] = true,
        ["capabilities"] = new Yaml { ["drop"] = new List<object> { "ALL" } },
    };

    /// <summary>An emptyDir: <paramref name="inMemory"/> for files holding secrets, so they never reach the node's disk.</summary>
    public static Yaml EmptyDirectory(string name, bool inMemory = false) => new()
    {
        ["name"] = name,
        ["emptyDir"] = inMemory ? new Yaml { ["medium"] = "Memory" } : new Yaml(),
    };

    public static Yaml Mount(string volume, string path) => new() { ["name"] = volume, ["mountPath"] = path };
}
