using System.Text.Json;
using System.Text.Json.Nodes;

namespace Handoff.BotGateway.Handoff.Initiation;

/// <summary>
/// What a search-box result carries to <c>composeExtension/selectItem</c> (its preview's tap value): the result's id and
/// the request it was found for, so that the search can find the same result again (<see cref="IHandoffSearch.FindAsync"/>).
/// </summary>
public sealed record TaskSelection(string CommandId, string TaskId, string RequestText)
{
    public JsonObject ToJson() => new() { ["commandId"] = CommandId, ["taskId"] = TaskId, ["request"] = RequestText };

    public static bool TryRead(JsonElement? value, out TaskSelection selection, out string error)
    {
        selection = new TaskSelection("", "", "");
        if (value is not { ValueKind: JsonValueKind.Object } element
            || !element.TryGetProperty("commandId", out var commandId) || ComposeExtensionQuery.Text(commandId) is not { Length: > 0 } command
            || !element.TryGetProperty("taskId", out var taskId) || ComposeExtensionQuery.Text(taskId) is not { Length: > 0 } task)
        {
            error = "value must be a picked result: an object with string commandId and taskId.";
            return false;
        }

        var request = element.TryGetProperty("request", out var requestElement) ? ComposeExtensionQuery.Text(requestElement) ?? "" : "";
        if (request.Length > ComposeExtensionQuery.MaxRequestLength)
        {
            error = $"The request is longer than {ComposeExtensionQuery.MaxRequestLength} characters.";
            return false;
        }

        selection = new TaskSelection(command, task, request.Trim());
        error = "";
        return true;
    }
}
