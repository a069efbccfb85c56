using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Handoff.BotGateway.BotFramework.Connector.Pacing;
using Handoff.Contracts.Events;

namespace Handoff.BotGateway.BotFramework.Connector;

/// <summary>
/// Bot Connector REST API v3 (PROTOCOL.md §4): send to a conversation, reply to an activity, update one.
/// Every serviceUrl is checked against the allow-list before a token is attached or anything is sent;
/// 429 (with Retry-After) and 5xx are retried by the client's resilience pipeline, within a bounded time.
/// </summary>
public sealed class BotConnectorClient(HttpClient http, ServiceUrlPolicy policy, IConnectorCredentials credentials, ConnectorMetrics metrics)
{
    /// <summary>The paths this client posts to, after the serviceUrl's base path (for span URL redaction).</summary>
    public static readonly IReadOnlyList<string> PathTemplates =
        ["/v3/conversations/{conversationId}/activities", "/v3/conversations/{conversationId}/activities/{activityId}"];

    /// <returns>The id the connector gave the activity (its <c>ResourceResponse</c>), null when it named none.</returns>
    public Task<string?> SendAsync(ConversationAddress address, OutgoingActivity activity, CancellationToken cancellationToken) =>
        PostAsync(HttpMethod.Post, address, null, activity, cancellationToken);

    /// <inheritdoc cref="SendAsync"/>
    public Task<string?> ReplyAsync(ConversationAddress address, string replyToActivityId, OutgoingActivity activity, CancellationToken cancellationToken) =>
        PostAsync(HttpMethod.Post, address, replyToActivityId, activity, cancellationToken);

    public Task UpdateAsync(ConversationAddress address, string activityId, OutgoingActivity activity, CancellationToken cancellationToken) =>
        PostAsync(HttpMethod.Put, address, activityId, activity, cancellationToken);

    private async Task<string?> PostAsync(HttpMethod method, ConversationAddress address, string? activityId, OutgoingActivity activity, CancellationToken cancellationToken)
    {
        var serviceUrl = new Uri(address.ServiceUrl);
        if (!policy.IsAllowed(serviceUrl, out var reason))
        {
            throw new InvalidOperationException($"Refusing to send to {serviceUrl.Host}: {reason}");
        }

        var path = $"v3/conversations/{Uri.EscapeDataString(address.ConversationId)}/activities"
            + (activityId is null ? "" : $"/{Uri.EscapeDataString(activityId)}");
        using var request = new HttpRequestMessage(method, new Uri(ServiceUrlPolicy.Base(serviceUrl), path))
        {
            Content = new StringContent(ToJson(address, method, activityId, activity).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Options.Set(OutboundRateLimitHandler.PacingKeyOption, new PacingKey(address.TenantId, address.ConversationId));
        if (await credentials.GetAccessTokenAsync(cancellationToken) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        HttpResponseMessage response;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            response = await http.SendAsync(request, cancellationToken);
            metrics.Sent(activity.Type, (int)response.StatusCode, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutException
                                              or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException)
        {
            metrics.Sent(activity.Type, 0, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            metrics.GaveUp(activity.Type, null);
            throw new HttpRequestException($"The Bot Connector could not be reached for a {activity.Type}: {exception.Message}", exception);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                metrics.GaveUp(activity.Type, (int)response.StatusCode);
                if ((int)response.StatusCode is >= 300 and < 400)
                {
                    // The client never follows redirects (BotGatewayRegistration): a connector that sends us elsewhere
                    // would carry our bearer token, and the activity, to a host the allow-list never saw.
                    throw new HttpRequestException(
                        $"The Bot Connector answered {(int)response.StatusCode} (a redirect to {response.Headers.Location?.GetLeftPart(UriPartial.Authority) ?? "nowhere"}) to a {activity.Type}; redirects are not followed, so it was not sent.",
                        null, response.StatusCode);
                }

                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new HttpRequestException(
                    $"The Bot Connector answered {(int)response.StatusCode} to a {activity.Type}: {(body.Length > 300 ? body[..300] : body)}",
                    null, response.StatusCode);
            }

            return await ReadIdAsync(response, cancellationToken);
        }
    }

    private static async Task<string?> ReadIdAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return body.Length > 0 && JsonNode.Parse(body) is JsonObject resource && resource["id"] is JsonValue id
                   && id.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
        }
        catch (System.Text.Json.JsonException)
        {
            // Sent; the connector's answer is just not the ResourceResponse it documents.
            return null;
        }
    }

    private static JsonObject ToJson(ConversationAddress address, HttpMethod method, string? activityId, OutgoingActivity activity)
    {
        var json = new JsonObject
        {
            ["type"] = activity.Type,
            ["channelId"] = address.ChannelId,
            ["serviceUrl"] = address.ServiceUrl,
            ["from"] = new JsonObject { ["id"] = address.BotId },
            ["recipient"] = new JsonObject { ["id"] = address.UserId },
            ["conversation"] = new JsonObject { ["id"] = address.ConversationId },
        };
        if (address.TenantId is not null)
        {
            json["conversation"]!["tenantId"] = address.TenantId;
        }

        if (activityId is not null)
        {
            // An update names the activity it replaces; a reply names the activity it answers.
            json[method == HttpMethod.Put ? "id" : "replyToId"] = activityId;
        }

        if (activity.Text is not null)
        {
            json["text"] = activity.Text;
            json["textFormat"] = "markdown";
        }

        if (activity.Locale is not null)
        {
            json["locale"] = activity.Locale;
        }

        if (activity.Attachments is { Count: > 0 } attachments)
        {
            json["attachments"] = new JsonArray([.. attachments.Select(attachment => attachment.DeepClone())]);
        }

        if (activity.Entities is { Count: > 0 } entities)
        {
            json["entities"] = new JsonArray([.. entities.Select(entity => entity.DeepClone())]);
        }

        if (activity.ChannelData is { } channelData)
        {
            json["channelData"] = channelData.DeepClone();
        }

        return json;
    }
}
