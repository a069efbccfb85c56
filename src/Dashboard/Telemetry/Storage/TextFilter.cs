namespace Handoff.Dashboard.Telemetry.Storage;

/// <summary>The dashboard's filters: case-insensitive, and an absent filter matches everything.</summary>
internal static class TextFilter
{
    public static bool SameName(string? wanted, string actual) =>
        string.IsNullOrEmpty(wanted) || string.Equals(wanted, actual, StringComparison.OrdinalIgnoreCase);

    public static bool Contains(string? haystack, string needle) =>
        haystack is not null && haystack.Contains(needle, StringComparison.OrdinalIgnoreCase);

    public static bool AnyValueContains(IReadOnlyDictionary<string, string> attributes, string needle)
    {
        foreach (var value in attributes.Values)
        {
            if (Contains(value, needle))
            {
                return true;
            }
        }

        return false;
    }
}
