using System.IO.Compression;
using System.Text.Json;
using Handoff.AppPackage.Icons;

namespace Handoff.AppPackage;

/// <summary>Writes <c>appPackage.zip</c>: manifest.json and the two icons at the root, as Teams expects.</summary>
public static class AppPackageWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Write(AppPackageSettings settings, string path)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        File.Delete(fullPath);
        using var zip = ZipFile.Open(fullPath, ZipArchiveMode.Create);
        Add(zip, "manifest.json", JsonSerializer.SerializeToUtf8Bytes(TeamsManifest.Create(settings), Indented));
        Add(zip, TeamsManifest.ColorIcon, AppIcons.Color(settings.AccentColor));
        Add(zip, TeamsManifest.OutlineIcon, AppIcons.Outline());
        return fullPath;
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        stream.Write(content);
    }
}
