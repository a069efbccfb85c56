using Handoff.TestSupport;

namespace Handoff.AppPackage.Tests;

/// <summary>The repository's appPackage/ and a set of values for its placeholders, as env/.env.dev holds them once provisioned.</summary>
public static class ProjectTemplate
{
    public const string BotId = "00000000-0000-0000-0000-00000000b0b0";
    public const string TeamsAppId = "6f0c3a44-1b7d-4a59-9a4c-2f2b1f0d9e11";

    public static string Directory => Path.Combine(RepositoryRoot.Path, "appPackage");

    public static string ManifestPath => Path.Combine(Directory, "manifest.json");

    public static IReadOnlyDictionary<string, string> Values { get; } = new Dictionary<string, string>
    {
        [ManifestValues.BotId] = BotId,
        [ManifestValues.TeamsAppId] = TeamsAppId,
        [ManifestValues.BotDomain] = "handoff.contoso.com",
        [ManifestValues.NameSuffix] = "-dev",
    };

    public static ManifestTemplate Load() => ManifestTemplate.Load(ManifestPath);

    /// <summary>The toolkit env file for <see cref="Values"/>.</summary>
    public static string WriteEnvFile(string directory)
    {
        var path = Path.Combine(directory, ".env.test");
        File.WriteAllLines(path, Values.Select(pair => $"{pair.Key}={pair.Value}"));
        return path;
    }

    /// <summary>A copy of appPackage/ (the manifest and every file beside it) to change in a test.</summary>
    public static string CopyTo(string directory)
    {
        var copy = Path.Combine(directory, $"appPackage-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(copy);
        foreach (var file in System.IO.Directory.GetFiles(Directory))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        return copy;
    }
}
