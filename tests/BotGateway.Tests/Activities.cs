using System.Text;

namespace Handoff.BotGateway.Tests;

/// <summary>Activities as Teams and Copilot send them (PROTOCOL.md §1–2), as raw JSON.</summary>
internal static class Activities
{
    public const string CopilotQuery = """
        {
          "type": "invoke",
          "name": "composeExtension/query",
          "id": "f:1234",
          "channelId": "msteams",
          "serviceUrl": "https://smba.trafficmanager.net/amer/",
          "from": { "id": "29:1abc", "name": "Alice", "aadObjectId": "00000000-0000-0000-0000-0000000000a1" },
          "recipient": { "id": "00000000-0000-0000-0000-00000000b0b0", "name": "Handoff" },
          "conversation": { "id": "a:1xyz", "conversationType": "personal", "tenantId": "tenant-from-conversation" },
          "channelData": { "tenant": { "id": "tenant-1" }, "source": { "name": "copilot" } },
          "locale": "en-GB",
          "value": {
            "commandId": "continueInChat",
            "parameters": [ { "name": "request", "value": "write my weekly status update" } ],
            "queryOptions": { "skip": 0, "count": 25 }
          }
        }
        """;

    public const string HandoffAction = """
        {
          "type": "invoke",
          "name": "handoff/action",
          "id": "f:5678",
          "channelId": "msteams",
          "serviceUrl": "https://smba.trafficmanager.net/amer/",
          "from": { "id": "29:1abc", "aadObjectId": "00000000-0000-0000-0000-0000000000a1" },
          "recipient": { "id": "28:00000000-0000-0000-0000-00000000b0b0" },
          "conversation": { "id": "a:1xyz", "conversationType": "personal", "tenantId": "tenant-1" },
          "channelData": { "tenant": { "id": "tenant-1" } },
          "value": { "continuation": "lXfPbd7EwOOzBbcvm_19CzKWZ8YmEdpO5xN6SwCuzP8" }
        }
        """;

    public static ReadOnlyMemory<byte> Bytes(string json) => Encoding.UTF8.GetBytes(json);
}
