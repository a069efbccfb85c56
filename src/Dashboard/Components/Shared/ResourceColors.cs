namespace Handoff.Dashboard.Components.Shared;

/// <summary>One stable colour per resource, so a resource reads the same in every waterfall and chip.</summary>
public static class ResourceColors
{
    private static readonly string[] Palette = ["#2563eb", "#16a34a", "#d97706", "#9333ea", "#dc2626", "#0891b2", "#4d7c0f", "#be185d"];

    public static string Color(string resource)
    {
        var hash = 0u;
        foreach (var character in resource)
        {
            hash = (hash * 31) + character;
        }

        return Palette[hash % (uint)Palette.Length];
    }

    public static string Style(string resource) => $"--resource-color: {Color(resource)}";
}
