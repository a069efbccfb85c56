using Handoff.BotGateway.Localization;

namespace Handoff.BotGateway.Handoff.Initiation;

/// <summary>
/// The default search: the user's own request first (when there is one), then the catalogue's tasks whose keywords
/// it mentions, in the user's language where the catalogue has it, each with the app payload its catalogue entry carries.
/// </summary>
public sealed class CatalogueSearch(TaskCatalogue catalogue) : IHandoffSearch
{
    public Task<IReadOnlyList<HandoffSearchResult>> SearchAsync(HandoffSearchQuery query, CancellationToken cancellationToken)
    {
        var language = ReplyLanguage.For(query.Locale);
        var results = new List<HandoffSearchResult>(query.Count);
        if (query.RequestText.Length > 0)
        {
            results.Add(new HandoffSearchResult(UserRequestTask.From(query.RequestText, language)));
        }

        results.AddRange(catalogue.Matches(query.RequestText, query.Count - results.Count, language.Name).Select(entry => entry.ToSearchResult()));
        return Task.FromResult<IReadOnlyList<HandoffSearchResult>>(results);
    }

    public Task<HandoffSearchResult?> FindAsync(string resultId, HandoffSearchQuery query, CancellationToken cancellationToken)
    {
        var found = resultId == UserRequestTask.Id
            ? query.RequestText.Length > 0 ? new HandoffSearchResult(UserRequestTask.From(query.RequestText, ReplyLanguage.For(query.Locale))) : null
            : catalogue.Entry(resultId, ReplyLanguage.For(query.Locale).Name)?.ToSearchResult();
        return Task.FromResult(found);
    }
}
