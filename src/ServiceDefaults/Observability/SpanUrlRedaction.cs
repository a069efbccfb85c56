using System.Diagnostics;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace Handoff.ServiceDefaults.Observability;

/// <summary>
/// Keeps conversation, tenant and user ids out of span URLs before any exporter sees a span: a server span's
/// <c>url.path</c> becomes its route template (<c>http.route</c>); a client span's <c>url.full</c> keeps its scheme,
/// host and port and takes the path of the first <see cref="SpanUrlRedactionOptions.ClientTemplates"/> entry that
/// matches. A path nothing matches is replaced whole, and queries are dropped.
/// </summary>
public sealed class SpanUrlRedaction : BaseProcessor<Activity>
{
    public const string RedactedPath = "/{redacted}";

    // Every template any host in this process registered, not only this host's: HttpClient's spans are process-wide and
    // each TracerProvider's processors see all of them, so with two hosts in one process (tests) one would redact the
    // other's paths to /{redacted} before the other could template them. A service's own process has its own alone.
    private static readonly Lock KnownLock = new();
    private static UrlTemplate[] _known = [];

    public SpanUrlRedaction(IOptions<SpanUrlRedactionOptions> options)
    {
        lock (KnownLock)
        {
            var added = options.Value.ClientTemplates.Select(template => new UrlTemplate(template))
                .Where(template => _known.All(known => known.Text != template.Text)).DistinctBy(template => template.Text, StringComparer.Ordinal);
            _known = [.. _known, .. added];
        }
    }

    public override void OnEnd(Activity data)
    {
        switch (data.Kind)
        {
            case ActivityKind.Server:
                if (data.GetTagItem("url.path") is not null)
                {
                    data.SetTag("url.path", data.GetTagItem("http.route") as string is { Length: > 0 } route ? "/" + route.TrimStart('/') : RedactedPath);
                }

                data.SetTag("url.query", null);
                break;
            case ActivityKind.Client:
                if (data.GetTagItem("url.full") is string full)
                {
                    data.SetTag("url.full", Redact(full));
                }

                if (data.GetTagItem("url.path") is string path)
                {
                    data.SetTag("url.path", Template(path));
                }

                data.SetTag("url.query", null);
                break;
        }
    }

    /// <summary><paramref name="url"/> with its path in template form and without query, fragment or user info.</summary>
    public static string Redact(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? uri.GetLeftPart(UriPartial.Scheme) + uri.Authority + Template(uri.AbsolutePath)
            : RedactedPath;

    private static string Template(string path)
    {
        foreach (var template in Volatile.Read(ref _known))
        {
            if (template.Apply(path) is { } templated)
            {
                return templated;
            }
        }

        return RedactedPath;
    }
}

/// <summary>The path templates of the APIs a service calls (ConversationState's, the Bot Connector's), for <see cref="SpanUrlRedaction"/>.</summary>
public sealed class SpanUrlRedactionOptions
{
    public List<string> ClientTemplates { get; } = [];
}
