namespace Handoff.AppPackage;

/// <summary>
/// Microsoft's own hosts, which never belong in <c>validDomains</c>: Teams opens its deep links
/// (<c>teams.microsoft.com</c>, <c>teams.cloud.microsoft</c>) itself, and the store's validation rejects them.
/// </summary>
public static class MicrosoftHosts
{
    private static readonly string[] Domains = ["microsoft.com", "cloud.microsoft", "office.com", "microsoft365.com", "microsoftonline.com", "skype.com"];

    public static bool Contains(string domain)
    {
        var host = domain.TrimStart('*', '.').TrimEnd('.').ToLowerInvariant();
        return Domains.Any(microsoft => host == microsoft || host.EndsWith("." + microsoft, StringComparison.Ordinal));
    }
}
