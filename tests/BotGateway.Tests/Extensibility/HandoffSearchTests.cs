using System.Text.Json;
using Handoff.BotGateway.BotFramework.Activities;
using Handoff.BotGateway.Handoff.Initiation;
using Handoff.Contracts.State;
using Handoff.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Handoff.BotGateway.Tests.Extensibility;

/// <summary>The search extension point's logic: the default search, a team's catalogue file, and what the gateway refuses from a search.</summary>
public sealed class HandoffSearchTests : IDisposable
{
    private readonly string _directory = TestDirectories.Create("catalogue");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_default_search_offers_the_users_own_request_first_and_then_the_catalogue()
    {
        var search = new CatalogueSearch(TaskCatalogue.LoadEmbedded());

        var results = await search.SearchAsync(Query("write my weekly status update", count: 3), Cancellation);

        Assert.Equal(UserRequestTask.Id, results[0].Item.Id);
        Assert.Equal("status-update", results[1].Item.Id);
        Assert.All(results, result => Assert.Null(result.AppPayload));
    }

    [Fact]
    public async Task A_teams_own_catalogue_file_is_searched_and_its_payloads_are_carried()
    {
        var file = CatalogueFile("""
            [{ "id": "T-9", "title": "Printer jams", "description": "Floor 3", "keywords": ["printer"], "steps": ["Open tray 2"],
               "appPayload": { "ticketId": "T-9" } }]
            """);
        var search = new CatalogueSearch(TaskCatalogue.LoadFile(file));

        var results = await search.SearchAsync(Query("the printer again", count: 5), Cancellation);
        var found = await search.FindAsync("T-9", Query("the printer again", count: 1), Cancellation);

        Assert.Equal(["your-request", "T-9"], results.Select(result => result.Item.Id));
        Assert.Equal("""{"ticketId":"T-9"}""", JsonSerializer.Serialize(results[1].AppPayload));
        Assert.Equal("""{"ticketId":"T-9"}""", JsonSerializer.Serialize(found!.AppPayload));
    }

    [Theory]
    [InlineData("{ \"id\": \"x\" }", "is not a JSON array of tasks")]
    [InlineData("[]", "has no tasks")]
    [InlineData("[{ \"id\": \"x\", \"title\": \"X\", \"keywords\": [], \"steps\": [\"\"] }]", "task 1 needs an id, a title, keywords and non-empty steps")]
    public void A_catalogue_file_that_is_not_one_stops_start_up_saying_what_is_wrong(string json, string problem)
    {
        var options = new CatalogueOptions { CatalogueFile = CatalogueFile(json) };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.Contains(problem, Assert.Single(errors).ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"xx\": { \"title\": \"X\" } }", "task 1 (x), translations.xx: replies are written in de, fr besides English; name one of those.")]
    [InlineData("{ \"de\": { \"steps\": [\"Eins\", \"Zwei\"] } }", "task 1 (x), translations.de: steps, when given, must be 1 non-empty steps, one for each of the task's own.")]
    [InlineData("{ \"fr\": null }", "task 1 (x), translations.fr: is null; give the task's title, description, keywords or steps in that language.")]
    public void A_translation_a_reply_language_cannot_use_stops_start_up_naming_its_key(string translations, string problem)
    {
        var options = new CatalogueOptions
        {
            CatalogueFile = CatalogueFile($$"""[{ "id": "x", "title": "X", "keywords": ["x"], "steps": ["One"], "translations": {{translations}} }]"""),
        };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.Contains(problem, Assert.Single(errors).ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de-DE", "Spesenabrechnung für die Reise nach Köln", "expense-report", "Eine Spesenabrechnung einreichen", "Sammeln Sie alle Belege des Zeitraums.")]
    [InlineData("de-AT", "offsite planen", "offsite-plan", "Einen Teamtag außer Haus planen", "Fragen Sie im Team zwei oder drei mögliche Termine ab.")]
    [InlineData("fr-FR", "ma note de frais du déplacement", "expense-report", "Déposer une note de frais", "Rassemblez tous les justificatifs de la période.")]
    [InlineData("fr-CA", "préparer la réunion client", "meeting-prep", "Préparer une réunion client", "Écrivez l'objectif de la réunion en une phrase.")]
    [InlineData("en-GB", "my expenses and receipts from the trip", "expense-report", "File an expense report", "Gather every receipt for the period.")]
    public async Task The_catalogue_is_searched_and_answers_in_the_users_language(string locale, string request, string id, string title, string firstStep)
    {
        var search = new CatalogueSearch(TaskCatalogue.LoadEmbedded());

        var results = await search.SearchAsync(Query(request, count: 2) with { Locale = locale }, Cancellation);
        var picked = await search.FindAsync(id, Query(request, count: 1) with { Locale = locale }, Cancellation);

        Assert.Equal((id, title, firstStep), (results[1].Item.Id, results[1].Item.Title, results[1].Item.Steps[0]));
        Assert.Equal((title, firstStep), (picked!.Item.Title, picked.Item.Steps[0]));
    }

    [Fact]
    public void Every_built_in_task_has_its_title_description_and_steps_in_every_reply_language()
    {
        var catalogue = TaskCatalogue.LoadEmbedded();

        foreach (var entry in catalogue.Entries)
        {
            foreach (var language in global::Handoff.BotGateway.Localization.ReplyLanguage.Supported.Where(language => language != "en"))
            {
                var words = entry.Translations?.GetValueOrDefault(language);
                Assert.True(words is { Title: not null, Description: not null, Keywords.Count: > 0 } && words.Steps?.Count == entry.Steps.Count,
                    $"{entry.Id} has no complete '{language}' translation");
            }
        }
    }

    [Fact]
    public void A_catalogue_file_that_does_not_exist_stops_start_up_naming_it()
    {
        var options = new CatalogueOptions { CatalogueFile = "/nowhere/tickets.json" };

        var error = Assert.Single(options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)));

        Assert.Equal("Handoff:CatalogueFile '/nowhere/tickets.json' does not exist.", error.ErrorMessage);
    }

    [Fact]
    public async Task A_result_whose_payload_is_over_the_limit_is_left_out_with_an_error_and_the_others_are_kept()
    {
        var logger = new FakeLogger<CheckedHandoffSearch>();
        var search = new CheckedHandoffSearch(new OrderSearch(), logger);

        var results = await search.SearchAsync(Query(OrderSearch.Oversize, count: 5), Cancellation);

        Assert.Equal([OrderSearch.Second.Item.Id], results.Select(result => result.Item.Id));
        var error = Assert.Single(logger.Collector.GetSnapshot(), record => record.Level == LogLevel.Error);
        Assert.Equal($"OrderSearch returned result O-1001 with an app payload of {AppPayloadLimits.MaxBytes + 1} bytes; the limit is {AppPayloadLimits.MaxBytes}, so it is left out.",
            error.Message);
    }

    [Fact]
    public void A_payload_is_measured_as_compact_json_as_the_state_service_measures_it()
    {
        Assert.Equal(AppPayloadLimits.MaxBytes, CheckedHandoffSearch.PayloadBytes(OrderSearch.PayloadOfBytes(AppPayloadLimits.MaxBytes)));
        Assert.Equal("""{"ticketId":1}""".Length, CheckedHandoffSearch.PayloadBytes(JsonDocument.Parse("{ \"ticketId\" : 1 }").RootElement));
    }

    [Fact]
    public async Task A_search_gets_no_more_results_shown_than_asked_for_and_a_null_payload_is_none()
    {
        var search = new CheckedHandoffSearch(new OrderSearch(), new FakeLogger<CheckedHandoffSearch>());
        var nullPayload = new CheckedHandoffSearch(new FixedSearch(OrderSearch.First with { AppPayload = JsonDocument.Parse("null").RootElement }),
            new FakeLogger<CheckedHandoffSearch>());

        Assert.Single(await search.SearchAsync(Query("", count: 1), Cancellation));
        Assert.Null(Assert.Single(await nullPayload.SearchAsync(Query("", count: 5), Cancellation)).AppPayload);
    }

    [Fact]
    public async Task A_result_with_no_id_is_the_searchs_bug_and_is_left_out()
    {
        var logger = new FakeLogger<CheckedHandoffSearch>();
        var search = new CheckedHandoffSearch(new FixedSearch(new HandoffSearchResult(new TaskItem(" ", "Untitled", "", []))), logger);

        Assert.Empty(await search.SearchAsync(Query("", count: 5), Cancellation));
        Assert.Null(await search.FindAsync(" ", Query("", count: 1), Cancellation));
        Assert.Equal(2, logger.Collector.GetSnapshot().Count(record => record.Level == LogLevel.Error));
    }

    internal static HandoffSearchQuery Query(string request, int count) =>
        new("continueInChat", request, new Dictionary<string, string>(), count, new TeamsUser("aad-1", "tenant-1"), "en-GB", QuerySurface.Copilot);

    public void Dispose() => TestDirectories.Delete(_directory);

    private string CatalogueFile(string json)
    {
        var path = Path.Combine(_directory, $"catalogue-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    private sealed class FixedSearch(HandoffSearchResult result) : IHandoffSearch
    {
        public Task<IReadOnlyList<HandoffSearchResult>> SearchAsync(HandoffSearchQuery query, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<HandoffSearchResult>>([result]);

        public Task<HandoffSearchResult?> FindAsync(string resultId, HandoffSearchQuery query, CancellationToken cancellationToken) =>
            Task.FromResult<HandoffSearchResult?>(result);
    }
}
