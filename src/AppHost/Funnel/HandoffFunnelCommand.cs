using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Handoff.Contracts;
using Handoff.Funnel.Markdown;
using Handoff.Funnel.Scraping;
using Handoff.Funnel.Snapshot;
using Handoff.AppHost.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.AppHost.Funnel;

public static class HandoffFunnelCommand
{
    public const string Name = "handoff-funnel";

    private static readonly string[] Services = [ResourceNames.BotGateway, ResourceNames.HandoffService, ResourceNames.ConversationState];
    private static readonly HttpClient Http = new();

    /// <summary>
    /// The handoff funnel one click away in the dashboard (Aspire has no custom pages): a command on the gateway that
    /// scrapes <c>/metrics</c> of every replica of every service, merges them and answers in Markdown.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithHandoffFunnel(this IResourceBuilder<ProjectResource> gateway) =>
        gateway.WithCommand(Name, "Handoff funnel", async context =>
        {
            var instances = context.Services.GetRequiredService<RunningInstances>();
            var scrape = await new FunnelScraper(Http).ScrapeAsync(Targets(instances), cancellationToken: context.CancellationToken);
            var markdown = FunnelMarkdown.Render(FunnelSnapshot.From(scrape.Samples), scrape);
            return CommandResults.Success("Handoff funnel", markdown, CommandResultFormat.Markdown);
        }, new CommandOptions
        {
            Description = "Copilot queries → cards → tokens → clicks → redeemed → welcomed, failures by reason, click→ack and click→welcome percentiles, feedback, rate limits and queue depth, across every replica",
            IconName = "DataFunnel",
            IsHighlighted = true,
            UpdateState = update => update.ResourceSnapshot.State?.Text == KnownResourceStates.Running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
        });

    /// <summary>Each running instance's own address (its <c>ASPNETCORE_URLS</c>), not DCP's proxy, which would answer for one replica at random.</summary>
    private static IEnumerable<ScrapeTarget> Targets(RunningInstances instances)
    {
        foreach (var service in Services)
        {
            foreach (var state in instances.Of(service))
            {
                var instance = state.ResourceId;
                var urls = state.Snapshot.EnvironmentVariables.FirstOrDefault(variable => variable.Name == "ASPNETCORE_URLS")?.Value;
                if (urls?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() is { } url
                    && Uri.TryCreate(url.Replace("//+", "//localhost", StringComparison.Ordinal).Replace("//*", "//localhost", StringComparison.Ordinal), UriKind.Absolute, out var address))
                {
                    yield return new ScrapeTarget(instance, address);
                }
            }
        }
    }
}
