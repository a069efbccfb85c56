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
