using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Handoff.AppPackage;

/// <summary>
/// <c>appPackage/manifest.json</c> as the Agents Toolkit reads it: a manifest whose strings hold
/// <c>${{NAME}}</c> placeholders, beside the files it names (the two icons, the localisation files). The
/// toolkit's <c>teamsApp/zipAppPackage</c> and <see cref="AppPackageWriter"/> both build the package from it.
/// </summary>
public sealed partial class ManifestTemplate
{
    private ManifestTemplate(string directory, string manifestText, IReadOnlyList<string> files)
    {
        Directory = directory;
        ManifestText = manifestText;
        Files = files;
    }

    public string Directory { get; }

    public string ManifestText { get; }

    /// <summary>The files the manifest names, relative to <see cref="Directory"/>, as they go into the package.</summary>
    public IReadOnlyList<string> Files { get; }

    public static ManifestTemplate Load(string manifestPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var text = File.ReadAllText(manifestPath);
        var manifest = JsonNode.Parse(text) ?? throw new FormatException($"{manifestPath} is empty.");
        var files = new[]
            {
                manifest["icons"]?["color"], manifest["icons"]?["outline"], manifest["localizationInfo"]?["defaultLanguageFile"],
            }
            .Concat(manifest["localizationInfo"]?["additionalLanguages"]?.AsArray().Select(language => language?["file"]) ?? [])
            .Select(file => (string?)file)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var file in files.Where(file => !File.Exists(Path.Combine(directory, file))))
        {
            throw new FileNotFoundException($"{manifestPath} names '{file}', which is not in {directory}.");
        }

        return new ManifestTemplate(directory, text, files);
    }

    /// <summary>Every placeholder in the manifest and in the JSON files it names, once each.</summary>
    public IReadOnlyList<string> Placeholders() =>
        new[] { ManifestText }.Concat(JsonFiles().Select(file => File.ReadAllText(Path.Combine(Directory, file))))
            .SelectMany(PlaceholdersIn)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>The names of the placeholders in any text the toolkit expands (a lifecycle file, ARM parameters).</summary>
    public static IEnumerable<string> PlaceholdersIn(string text) => Placeholder().Matches(text).Select(match => match.Groups["name"].Value);

    public IEnumerable<string> JsonFiles() => Files.Where(file => file.EndsWith(".json", StringComparison.OrdinalIgnoreCase));

    /// <summary>The text with each placeholder replaced by its value, escaped for the JSON string it stands in.</summary>
    public static string Render(string text, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(text, match =>
        {
            var name = match.Groups["name"].Value;
            return values.TryGetValue(name, out var value)
                ? JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString()
                : throw new KeyNotFoundException($"No value for ${{{{{name}}}}}.");
        });

    // The toolkit's syntax: ${{NAME}}, spaces allowed inside the braces.
    [GeneratedRegex(@"\$\{\{\s*(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex Placeholder();
}
