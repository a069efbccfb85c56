using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Handoff.Contracts.Events;

namespace Handoff.BotGateway.BotFramework.Connector;

/// <summary>
/// Bot Connector REST API v3 (PROTOCOL.md §4): <c>POST {serviceUrl}/v3/conversations/{id}/activities</c>.
/// Every serviceUrl is checked against the allow-list before anything is sent.
/// </summary>
public sealed class BotConnectorClient(HttpClient http, ServiceUrlPolicy policy, IConnectorCredentials credentials)
{
    public async Task SendAsync(ConversationAddress address, OutgoingActivity activity, CancellationToken cancellationToken)
    {
        var serviceUrl = new Uri(address.ServiceUrl);
        if (!policy.IsAllowed(serviceUrl, out var reason))
        {
            throw new InvalidOperationException($"Refusing to send to {serviceUrl.Host}: {reason}");
        }

        var url = new Uri(serviceUrl.AbsoluteUri.TrimEnd('/') + $"/v3/conversations/{Uri.EscapeDataString(address.ConversationId)}/activities");
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(ToJson(address, activity).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (await credentials.GetAccessTokenAsync(cancellationToken) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException(
                $"The Bot Connector answered {(int)response.StatusCode} to a {activity.Type}: {(body.Length > 300 ? body[..300] : body)}",
                null, response.StatusCode);
        }
    }

    private static JsonObject ToJson(ConversationAddress address, OutgoingActivity activity)
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
        if (activity.Text is not null)
        {
            json["text"] = activity.Text;
            json["textFormat"] = "markdown";
        }

        if (activity.Attachments is { Count: > 0 } attachments)
        {
            json["attachments"] = new JsonArray([.. attachments.Select(attachment => attachment.DeepClone())]);
        }

        return json;
    }
}
