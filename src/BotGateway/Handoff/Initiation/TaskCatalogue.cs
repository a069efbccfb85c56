using System.Text.Json;
using Handoff.Contracts.State;

namespace Handoff.BotGateway.Handoff.Initiation;

/// <summary>
/// The built-in demo tasks (embedded <c>task-catalogue.json</c>), so the whole flow runs with no outside
/// system. A real bot would search its own task source here.
/// </summary>
public sealed class TaskCatalogue
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private readonly IReadOnlyList<CatalogueEntry> _entries;

    public TaskCatalogue(IReadOnlyList<CatalogueEntry> entries) => _entries = entries;

    public IReadOnlyList<CatalogueEntry> Entries => _entries;

    public static TaskCatalogue LoadEmbedded()
    {
        using var stream = typeof(TaskCatalogue).Assembly.GetManifestResourceStream("task-catalogue.json")
            ?? throw new InvalidOperationException("The embedded task-catalogue.json is missing from the build.");
        var entries = JsonSerializer.Deserialize<List<CatalogueEntry>>(stream, JsonOptions)
            ?? throw new InvalidOperationException("task-catalogue.json is empty.");
        return new TaskCatalogue(entries);
    }

    public TaskItem? Find(string id) => _entries.FirstOrDefault(entry => entry.Id == id)?.ToTaskItem();

    /// <summary>The tasks whose keywords the request mentions, best first; with an empty request, the first ones.</summary>
    public IReadOnlyList<TaskItem> Search(string request, int count)
    {
        if (count <= 0)
        {
            return [];
        }

        var words = request.ToLowerInvariant()
            .Split([' ', ',', '.', ';', ':', '!', '?', '\'', '"', '\n', '\t', '-', '/'], StringSplitOptions.RemoveEmptyEntries)
            .ToHashSet();
        var matches = words.Count == 0
            ? _entries
            : _entries
                .Select(entry => (entry, score: entry.Keywords.Count(words.Contains)))
                .Where(match => match.score > 0)
                .OrderByDescending(match => match.score)
                .Select(match => match.entry);
        return matches.Take(count).Select(entry => entry.ToTaskItem()).ToList();
    }
}

public sealed record CatalogueEntry(string Id, string Title, string Description, IReadOnlyList<string> Keywords, IReadOnlyList<string> Steps)
{
    public TaskItem ToTaskItem() => new(Id, Title, Description, Steps);
}
