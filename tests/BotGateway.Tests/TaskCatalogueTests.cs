using Handoff.BotGateway.Handoff.Initiation;

namespace Handoff.BotGateway.Tests;

public sealed class TaskCatalogueTests
{
    private readonly TaskCatalogue _catalogue = TaskCatalogue.LoadEmbedded();

    [Fact]
    public void The_embedded_catalogue_loads_with_tasks_that_have_steps()
    {
        Assert.True(_catalogue.Entries.Count >= 3);
        Assert.All(_catalogue.Entries, entry => Assert.NotEmpty(entry.Steps));
        Assert.Equal(_catalogue.Entries.Count, _catalogue.Entries.Select(entry => entry.Id).Distinct().Count());
    }

    [Fact]
    public void A_request_finds_the_tasks_it_mentions_best_first()
    {
        var found = _catalogue.Search("Write my weekly status update for the project", 3);

        Assert.Equal("status-update", found[0].Id);
    }

    [Fact]
    public void A_request_that_matches_nothing_finds_nothing()
    {
        Assert.Empty(_catalogue.Search("zebra quantum", 5));
    }

    [Fact]
    public void An_empty_request_offers_the_catalogue()
    {
        Assert.Equal(3, _catalogue.Search("", 3).Count);
    }

    [Fact]
    public void The_count_is_respected()
    {
        Assert.Empty(_catalogue.Search("", 0));
        Assert.Single(_catalogue.Search("", 1));
    }
}
