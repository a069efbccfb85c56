namespace Handoff.ServiceDefaults.Hosting;

/// <summary>How the service lives under whatever started it. Section <c>Hosting</c>.</summary>
public sealed class HostingOptions
{
    public const string SectionName = "Hosting";

    /// <summary>
    /// Stop when the process that started this one dies (Linux only). The AppHost runs each service under a
    /// <c>dotnet run</c> wrapper; when the wrapper is killed the service is re-parented, keeps the wrapper's output
    /// pipe open and would live on, serving, unseen.
    /// </summary>
    public bool ExitWithParent { get; set; }
}
