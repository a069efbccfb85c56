using System.Collections.Frozen;
using System.Text.Json;
using Handoff.BotGateway.Localization;
using Handoff.Contracts.State;

namespace Handoff.BotGateway.Handoff.Initiation;

/// <summary>
/// The tasks the default search offers: the built-in demo tasks (embedded <c>task-catalogue.json</c>), so the whole
/// flow runs with no outside system, or a team's own file of the same shape (<see cref="CatalogueOptions.CatalogueFile"/>).
/// An entry may carry its words in the other reply languages (<see cref="CatalogueEntry.Translations"/>): a search in
/// one of them matches its keywords (and the English ones) and answers in it.
/// </summary>
public sealed class TaskCatalogue
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private readonly IReadOnlyList<CatalogueEntry> _entries;
    private readonly FrozenDictionary<string, IReadOnlyList<CatalogueEntry>> _inLanguage;

    public TaskCatalogue(IReadOnlyList<CatalogueEntry> entries)
    {
        _entries = entries;
        // Made once, not per search: Teams' search box searches on every keystroke.
        _inLanguage = ReplyLanguage.Supported.ToFrozenDictionary(language => language,
            language => (IReadOnlyList<CatalogueEntry>)[.. entries.Select(entry => entry.In(language))]);
    }

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

    public TaskItem? Find(string id, string? language = null) => Entry(id, language)?.ToTaskItem();

    /// <param name="language">A <see cref="ReplyLanguage.Name"/> (null or another: English): the entry in its words where it has them.</param>
    public CatalogueEntry? Entry(string id, string? language = null) => In(language).FirstOrDefault(entry => entry.Id == id);

    /// <summary>The tasks whose keywords the request mentions, best first; with an empty request, the first ones.</summary>
    public IReadOnlyList<TaskItem> Search(string request, int count, string? language = null) =>
        Matches(request, count, language).Select(entry => entry.ToTaskItem()).ToList();

    /// <summary>The entries behind <see cref="Search"/>, in <paramref name="language"/>, with their app payloads.</summary>
    public IReadOnlyList<CatalogueEntry> Matches(string request, int count, string? language = null)
    {
        if (count <= 0)
        {
            return [];
        }

        var words = request.ToLowerInvariant()
            .Split([' ', ',', '.', ';', ':', '!', '?', '\'', '"', '\n', '\t', '-', '/'], StringSplitOptions.RemoveEmptyEntries)
            .ToHashSet();
        var entries = In(language);
        var matches = words.Count == 0
            ? entries
            : entries
                .Select(entry => (entry, score: entry.Keywords.Count(words.Contains)))
                .Where(match => match.score > 0)
                .OrderByDescending(match => match.score)
                .Select(match => match.entry);
        return matches.Take(count).ToList();
    }

    private IReadOnlyList<CatalogueEntry> In(string? language) =>
        _inLanguage.GetValueOrDefault(language ?? ReplyLanguage.English.Name) ?? _inLanguage[ReplyLanguage.English.Name];

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

        foreach (var (entry, index) in entries.Select((entry, index) => (entry, index)))
        {
            foreach (var (language, translation) in entry.Translations ?? new Dictionary<string, CatalogueTranslation>())
            {
                var where = $"The task catalogue {name}: task {index + 1} ({entry.Id}), translations.{language}";
                var english = ReplyLanguage.English.Name;
                if (!ReplyLanguage.Supported.Contains(language) || language == english)
                {
                    throw new InvalidOperationException(
                        $"{where}: replies are written in {string.Join(", ", ReplyLanguage.Supported.Where(other => other != english))} besides English; name one of those.");
                }

                if (translation is null)
                {
                    throw new InvalidOperationException($"{where}: is null; give the task's title, description, keywords or steps in that language.");
                }

                if (translation.Steps is { } steps && (steps.Count != entry.Steps.Count || steps.Any(string.IsNullOrWhiteSpace)))
                {
                    throw new InvalidOperationException($"{where}: steps, when given, must be {entry.Steps.Count} non-empty steps, one for each of the task's own.");
                }
            }
        }

        return new TaskCatalogue(entries);
    }
}

/// <param name="AppPayload">The app's own data for the task, carried into its handoff context (optional).</param>
/// <param name="Translations">The task's words by reply language (<c>de</c>, <c>fr</c>); optional, and so is each field of one.</param>
public sealed record CatalogueEntry(
    string Id, string Title, string Description, IReadOnlyList<string> Keywords, IReadOnlyList<string> Steps, JsonElement? AppPayload = null,
    IReadOnlyDictionary<string, CatalogueTranslation>? Translations = null)
{
    /// <summary>
    /// The entry in <paramref name="language"/>'s words where it has them, else in its own, with its keywords in lower
    /// case as a search compares them. The entry's own keywords stay beside a translation's: people searching in German
    /// still type "offsite".
    /// </summary>
    public CatalogueEntry In(string language)
    {
        var words = Translations?.GetValueOrDefault(language);
        return this with
        {
            Title = words?.Title ?? Title,
            Description = words?.Description ?? Description,
            Keywords = [.. (words?.Keywords ?? []).Concat(Keywords).Select(keyword => keyword.ToLowerInvariant()).Distinct()],
            Steps = words?.Steps ?? Steps,
            Translations = null,
        };
    }

    public TaskItem ToTaskItem() => new(Id, Title, Description ?? "", Steps);

    public HandoffSearchResult ToSearchResult() => new(ToTaskItem(), AppPayload);
}

/// <summary>A catalogue entry's words in one other language; what it leaves out reads as the entry has it.</summary>
public sealed record CatalogueTranslation(string? Title, string? Description, IReadOnlyList<string>? Keywords, IReadOnlyList<string>? Steps);
