using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Handoff.Benchmarks.Load;

/// <summary>
/// Speaks to the bot as Teams and Copilot do (PROTOCOL.md §1–2): <c>composeExtension/query</c> invokes
/// that answer cards with continuation tokens in their deep links, and <c>handoff/action</c> invokes
/// carrying one of those tokens. Bodies are built as strings: the generator must stay cheaper than the system.
/// </summary>
/// <param name="tenantId">The tenant every user of this traffic belongs to.</param>
public sealed class TeamsTraffic(HttpClient http, Uri messagesEndpoint, Uri serviceUrl, string tenantId = TeamsTraffic.TenantId)
{
    public const string BotAppId = "00000000-0000-0000-0000-00000000b0b0";
    public const string TenantId = "tenant-bench";

    /// <summary>Requests that match the demo catalogue, so that a query answers several cards.</summary>
    private static readonly string[] Requests =
    [
        "write my weekly status update",
        "plan a team offsite",
        "prepare the quarterly review",
        "draft a project status update",
    ];

    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly byte[] ContinuationMarker = "continuation="u8.ToArray();
    private long _sequence;

    public Uri MessagesEndpoint => messagesEndpoint;

    /// <summary>One Copilot query from a new user; returns the tokens of the cards it answered with.</summary>
    public async Task<QueryResult> QueryAsync(CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _sequence);
        var user = new BenchUser($"29:bench-{n}", Guid.NewGuid().ToString());
        var body = Activity(user, $"a:bench-query-{n}", "composeExtension/query",
            $$"""{"commandId":"continueInChat","parameters":[{"name":"request","value":"{{Requests[n % Requests.Length]}}"}],"queryOptions":{"skip":0,"count":25""" + "}}",
            ",\"source\":{\"name\":\"copilot\"}");
        using var response = await http.SendAsync(Post(body), cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new QueryResult(response.StatusCode, user, []);
        }

        return new QueryResult(response.StatusCode, user, Tokens(bytes));
    }

    /// <summary>The user clicks a card: Teams sends <c>handoff/action</c> in a conversation of its own, so that each welcome can be counted.</summary>
    public async Task<HttpStatusCode> ClickAsync(MintedToken token, string conversationId, CancellationToken cancellationToken)
    {
        var body = Activity(token.User, conversationId, "handoff/action", $$"""{"continuation":"{{token.Token}}"}""", "");
        using var response = await http.SendAsync(Post(body), cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        return response.StatusCode;
    }

    private HttpRequestMessage Post(string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = Json;
        return new HttpRequestMessage(HttpMethod.Post, messagesEndpoint) { Content = content, Version = HttpVersion.Version11 };
    }

    private string Activity(BenchUser user, string conversationId, string name, string value, string channelDataExtra) =>
        $$"""
        {"type":"invoke","name":"{{name}}","id":"f:{{Guid.NewGuid():N}}","channelId":"msteams","serviceUrl":"{{serviceUrl.AbsoluteUri}}",
        "timestamp":"{{DateTimeOffset.UtcNow:O}}","from":{"id":"{{user.UserId}}","name":"Bench User","aadObjectId":"{{user.AadObjectId}}"},
        "recipient":{"id":"{{BotAppId}}","name":"Handoff"},
        "conversation":{"id":"{{conversationId}}","conversationType":"personal","tenantId":"{{tenantId}}"},
        "channelData":{"tenant":{"id":"{{tenantId}}"}{{channelDataExtra}}},"locale":"en-US","value":{{value}}}
        """;

    /// <summary>The continuation tokens of the deep links, each once (a card may repeat its link in its preview).</summary>
    private static List<string> Tokens(byte[] body)
    {
        var tokens = new List<string>();
        var span = body.AsSpan();
        while (true)
        {
            var at = span.IndexOf(ContinuationMarker);
            if (at < 0)
            {
                return tokens;
            }

            span = span[(at + ContinuationMarker.Length)..];
            var end = span.IndexOfAny((byte)'"', (byte)'\\', (byte)'&');
            var token = Uri.UnescapeDataString(Encoding.UTF8.GetString(end < 0 ? span : span[..end]));
            if (!tokens.Contains(token))
            {
                tokens.Add(token);
            }
        }
    }
}

public sealed record BenchUser(string UserId, string AadObjectId);

public sealed record MintedToken(BenchUser User, string Token);

public sealed record QueryResult(HttpStatusCode Status, BenchUser User, IReadOnlyList<string> Tokens);
