using System.Text.Json;
using Handoff.Contracts.State;

namespace Handoff.BotGateway.Handoff.Initiation;

/// <summary>
/// The tasks the default search offers: the built-in demo tasks (embedded <c>task-catalogue.json</c>), so the whole
/// flow runs with no outside system, or a team's own file of the same shape (<see cref="CatalogueOptions.CatalogueFile"/>).
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
        return Load(stream, "task-catalogue.json");
    }

    /// <summary>A catalogue file: a JSON array of entries; a file that is not one stops start-up naming what is wrong.</summary>
    public static TaskCatalogue LoadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream, path);
    }

    public TaskItem? Find(string id) => Entry(id)?.ToTaskItem();

    public CatalogueEntry? Entry(string id) => _entries.FirstOrDefault(entry => entry.Id == id);

    /// <summary>The tasks whose keywords the request mentions, best first; with an empty request, the first ones.</summary>
    public IReadOnlyList<TaskItem> Search(string request, int count) => Matches(request, count).Select(entry => entry.ToTaskItem()).ToList();

    /// <summary>The entries behind <see cref="Search"/>, with their app payloads.</summary>
    public IReadOnlyList<CatalogueEntry> Matches(string request, int count)
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
        return matches.Take(count).ToList();
    }

    private static TaskCatalogue Load(Stream stream, string name)
    {
        List<CatalogueEntry>? entries;
        try
        {
            entries = JsonSerializer.Deserialize<List<CatalogueEntry>>(stream, JsonOptions);
        }
        catch (JsonException exception)
        {
            throw new InvalidOperationException($"The task catalogue {name} is not a JSON array of tasks: {exception.Message}", exception);
        }

        if (entries is null || entries.Count == 0)
        {
            throw new InvalidOperationException($"The task catalogue {name} has no tasks.");
        }

        var invalid = entries.Select((entry, index) => (entry, index))
            .FirstOrDefault(pair => string.IsNullOrWhiteSpace(pair.entry.Id) || string.IsNullOrWhiteSpace(pair.entry.Title)
                || pair.entry.Keywords is null || pair.entry.Steps is null || pair.entry.Steps.Any(string.IsNullOrWhiteSpace));
        if (invalid.entry is not null)
        {
            throw new InvalidOperationException(
                $"The task catalogue {name}: task {invalid.index + 1} needs an id, a title, keywords and non-empty steps.");
        }

        return new TaskCatalogue(entries);
    }
}

/// <param name="AppPayload">The app's own data for the task, carried into its handoff context (optional).</param>
public sealed record CatalogueEntry(
    string Id, string Title, string Description, IReadOnlyList<string> Keywords, IReadOnlyList<string> Steps, JsonElement? AppPayload = null)
{
    public TaskItem ToTaskItem() => new(Id, Title, Description ?? "", Steps);

    public HandoffSearchResult ToSearchResult() => new(ToTaskItem(), AppPayload);
}
