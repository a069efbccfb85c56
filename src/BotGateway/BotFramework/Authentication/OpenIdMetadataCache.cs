using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Handoff.BotGateway.BotFramework.Authentication;

/// <summary>
/// One cached OpenID configuration (issuer, signing keys) per metadata URL, fetched again every 12 hours.
/// An unknown key id forces a fetch at once (key rollover) but at most once per
/// <see cref="BotIdentityOptions.SigningKeyRefreshInterval"/>, so a flood of made-up key ids cannot hammer
/// the metadata endpoint. (IdentityModel's ConfigurationManager refreshes in the background, so the request
/// that carries the new key would still fail; hence this cache.)
/// </summary>
public sealed class OpenIdMetadataCache(IHttpClientFactory httpClients, IOptions<BotIdentityOptions> options, TimeProvider time, ILogger<OpenIdMetadataCache> logger)
{
    public const string HttpClientName = "openid-metadata";
    private static readonly TimeSpan MaxAge = TimeSpan.FromHours(12);

    private readonly ConcurrentDictionary<string, Entry> _entries = new();

    public async Task<OpenIdConnectConfiguration> GetAsync(string metadataUrl, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(metadataUrl, _ => new Entry());
        if (entry.Configuration is { } cached && time.GetUtcNow() - entry.FetchedAt < MaxAge)
        {
            return cached;
        }

        return await FetchAsync(metadataUrl, entry, forced: false, cancellationToken);
    }

    /// <summary>Fetches again if the last forced fetch is older than the refresh interval; otherwise returns what is cached.</summary>
    public async Task<OpenIdConnectConfiguration> RefreshAsync(string metadataUrl, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(metadataUrl, _ => new Entry());
        return await FetchAsync(metadataUrl, entry, forced: true, cancellationToken);
    }

    private async Task<OpenIdConnectConfiguration> FetchAsync(string metadataUrl, Entry entry, bool forced, CancellationToken cancellationToken)
    {
        await entry.Lock.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var fresh = entry.Configuration is not null && now - entry.FetchedAt < MaxAge;
            if (fresh && (!forced || now - entry.LastForcedFetch < options.Value.SigningKeyRefreshInterval))
            {
                return entry.Configuration!;
            }

            var retriever = new HttpDocumentRetriever(httpClients.CreateClient(HttpClientName))
            {
                // Loopback metadata is for local stand-ins in tests; anything else must be https.
                RequireHttps = !new Uri(metadataUrl).IsLoopback,
            };
            try
            {
                entry.Configuration = await OpenIdConnectConfigurationRetriever.GetAsync(metadataUrl, retriever, cancellationToken);
            }
            catch (Exception exception) when (entry.Configuration is not null && !cancellationToken.IsCancellationRequested)
            {
                // Keys we already trust beat no keys: keep them, and try the endpoint again in a minute, not per request.
                logger.LogWarning("OpenID metadata {MetadataUrl} could not be fetched ({Reason}); using the cached keys", metadataUrl, exception.Message);
                entry.FetchedAt = now - MaxAge + TimeSpan.FromMinutes(1);
                return entry.Configuration;
            }

            entry.FetchedAt = now;
            if (forced)
            {
                entry.LastForcedFetch = now;
            }

            return entry.Configuration;
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public OpenIdConnectConfiguration? Configuration { get; set; }

        public DateTimeOffset FetchedAt { get; set; }

        public DateTimeOffset LastForcedFetch { get; set; } = DateTimeOffset.MinValue;
    }
}
