using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace Handoff.AppPackage;

/// <summary>
/// Writes <c>appPackage.zip</c> from the template: manifest.json and the files it names, at the same paths,
/// with every placeholder filled in (what the toolkit's <c>teamsApp/zipAppPackage</c> writes).
/// </summary>
public static class AppPackageWriter
{
    public static string Write(ManifestTemplate template, IReadOnlyDictionary<string, string> values, string path)
    {
        var manifestText = ManifestTemplate.Render(template.ManifestText, values);
        var manifest = JsonNode.Parse(manifestText)!;
        var microsoftDomains = manifest["validDomains"]?.AsArray().Select(domain => (string?)domain).OfType<string>().Where(MicrosoftHosts.Contains).ToList() ?? [];
        if (microsoftDomains.Count > 0)
        {
            throw new InvalidOperationException($"validDomains lists Microsoft's own host(s) {string.Join(", ", microsoftDomains)}: remove them from the template (Teams opens its deep links itself).");
        }

        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        File.Delete(fullPath);
        using var zip = ZipFile.Open(fullPath, ZipArchiveMode.Create);
        Add(zip, "manifest.json", Encoding.UTF8.GetBytes(manifestText));
        foreach (var file in template.Files)
        {
            var source = Path.Combine(template.Directory, file);
            Add(zip, file.Replace('\\', '/'), template.JsonFiles().Contains(file)
                ? Encoding.UTF8.GetBytes(ManifestTemplate.Render(File.ReadAllText(source), values))
                : File.ReadAllBytes(source));
        }

        return fullPath;
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        stream.Write(content);
    }
}
