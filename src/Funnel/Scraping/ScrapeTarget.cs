namespace Handoff.Funnel.Scraping;

/// <summary>One replica to scrape: its name as the SRE sees it (e.g. <c>botgateway-1</c>) and the base address its <c>/metrics</c> is under.</summary>
public sealed record ScrapeTarget(string Replica, Uri BaseAddress);
