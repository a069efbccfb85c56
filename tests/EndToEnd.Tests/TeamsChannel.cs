using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Handoff.EndToEnd.Tests;

/// <summary>
/// Plays Teams and Copilot for one user in their personal chat with the bot, sending the activities of
/// PROTOCOL.md §1–2 over HTTP, with the recording connector as serviceUrl.
/// </summary>
public sealed class TeamsChannel(Uri messagesEndpoint, Uri serviceUrl, string tenantId)
{
    public const string BotAppId = "00000000-0000-0000-0000-00000000b0b0";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public string AadObjectId { get; } = Guid.NewGuid().ToString();

    public string UserId { get; } = $"29:{Guid.NewGuid():N}";

    public string ConversationId { get; } = $"a:{Guid.NewGuid():N}";

    public string TenantId => tenantId;

    /// <summary>The Teams client's language, sent as every activity's <c>locale</c>.</summary>
    public string Locale { get; set; } = "en-US";

    public Task<HttpResponseMessage> CopilotQueryAsync(string request, string recipientId = BotAppId, string commandId = "continueInChat") =>
        PostAsync(Activity("invoke", "composeExtension/query", new JsonObject
        {
            ["commandId"] = commandId,
            ["parameters"] = new JsonArray(new JsonObject { ["name"] = "request", ["value"] = request }),
            ["queryOptions"] = new JsonObject { ["skip"] = 0, ["count"] = 25 },
        }, recipientId, source: "copilot"));

    public Task<HttpResponseMessage> ClickAsync(string continuation, string? activityId = null, string? traceParent = null) =>
        PostAsync(Activity("invoke", "handoff/action", new JsonObject { ["continuation"] = continuation }, activityId: activityId), traceParent);

    public Task<HttpResponseMessage> SayAsync(string text)
    {
        var activity = Activity("message", null, null);
        activity["text"] = text;
        return PostAsync(activity);
    }

    public async Task<HttpResponseMessage> PostRawAsync(string body, string contentType = "application/json") =>
        await Http.PostAsync(messagesEndpoint, new StringContent(body, Encoding.UTF8, contentType));

    public JsonObject Activity(string type, string? name, JsonNode? value, string recipientId = "28:" + BotAppId,
        string? activityId = null, string? source = null)
    {
        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = activityId ?? $"f:{Guid.NewGuid():N}",
            ["channelId"] = "msteams",
            ["serviceUrl"] = serviceUrl.AbsoluteUri,
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["from"] = new JsonObject { ["id"] = UserId, ["name"] = "E2E User", ["aadObjectId"] = AadObjectId },
            ["recipient"] = new JsonObject { ["id"] = recipientId, ["name"] = "Handoff" },
            ["conversation"] = new JsonObject { ["id"] = ConversationId, ["conversationType"] = "personal", ["tenantId"] = tenantId },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenantId } },
            ["locale"] = Locale,
        };
        if (name is not null)
        {
            activity["name"] = name;
        }

        if (value is not null)
        {
            activity["value"] = value;
        }

        if (source is not null)
        {
            activity["channelData"]!["source"] = new JsonObject { ["name"] = source };
        }

        return activity;
    }

    /// <param name="traceParent">A W3C <c>traceparent</c> to send, so a test can find the request's trace.</param>
    public async Task<HttpResponseMessage> PostAsync(JsonObject activity, string? traceParent = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, messagesEndpoint) { Content = JsonContent.Create(activity) };
        if (traceParent is not null)
        {
            request.Headers.TryAddWithoutValidation("traceparent", traceParent);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>The continuation token of each card's deep link, in card order.</summary>
    public static async Task<List<(string Title, Uri Link, string Token)>> CardsAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK || JsonNode.Parse(body)?["composeExtension"]?["attachments"] is not JsonArray attachments)
        {
            throw new InvalidOperationException($"The query was answered {(int)response.StatusCode} without cards: {body}");
        }

        return attachments.Select(attachment =>
        {
            var content = attachment!["content"]!;
            var link = new Uri((string)content["actions"]![0]!["url"]!);
            var token = System.Web.HttpUtility.ParseQueryString(link.Query)["continuation"]!;
            return ((string)content["body"]![0]!["text"]!, link, token);
        }).ToList();
    }
}
