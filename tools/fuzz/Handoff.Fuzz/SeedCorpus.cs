using System.Text.Json.Nodes;

namespace Handoff.Fuzz;

/// <summary>
/// Real Teams/Copilot activities (<c>tests/Fuzz.Corpus/seeds/*.json</c>) whose <c>serviceUrl</c> is the
/// <see cref="FuzzCase.ServiceUrlPlaceholder"/>, and the findings kept as regression inputs
/// (<c>tests/Fuzz.Corpus/findings/*.case.json</c>).
/// </summary>
public sealed class SeedCorpus
{
    private SeedCorpus(string directory, IReadOnlyList<Seed> seeds)
    {
        Directory = directory;
        Seeds = seeds;
    }

    public string Directory { get; }

    public IReadOnlyList<Seed> Seeds { get; }

    public static string DefaultDirectory => Path.Combine(TestSupport.RepositoryRoot.Path, "tests", "Fuzz.Corpus");

    public static SeedCorpus Load(string? directory = null)
    {
        directory ??= DefaultDirectory;
        var seeds = System.IO.Directory.GetFiles(Path.Combine(directory, "seeds"), "*.json")
            .Order(StringComparer.Ordinal)
            .Select(path => new Seed(Path.GetFileNameWithoutExtension(path), File.ReadAllText(path)))
            .ToList();
        if (seeds.Count == 0)
        {
            throw new InvalidOperationException($"No seed activities in {Path.Combine(directory, "seeds")}.");
        }

        return new SeedCorpus(directory, seeds);
    }

    /// <summary>Every saved finding, in name order.</summary>
    public IReadOnlyList<string> FindingFiles()
    {
        var findings = Path.Combine(Directory, "findings");
        return System.IO.Directory.Exists(findings)
            ? [.. System.IO.Directory.GetFiles(findings, "*.case.json").Order(StringComparer.Ordinal)]
            : [];
    }

    /// <summary>Each seed sent as it is.</summary>
    public IEnumerable<FuzzCase> Unmutated() =>
        Seeds.Select(seed => new FuzzCase(seed.Name, [], "POST", "application/json; charset=utf-8", System.Text.Encoding.UTF8.GetBytes(seed.Json)));

    public sealed record Seed(string Name, string Json)
    {
        public JsonObject Parse() => JsonNode.Parse(Json)!.AsObject();
    }
}
