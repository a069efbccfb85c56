using System.Text.Json;

namespace Handoff.BotGateway.Handoff.Initiation;

/// <summary>The <c>value</c> of a <c>composeExtension/query</c> invoke: which command, the user's request, how many results.</summary>
public sealed record ComposeExtensionQuery(string CommandId, string RequestText, int Count)
{
    public const int MaxRequestLength = 4_000;
    public const int MaxResults = 10;

    public static bool TryRead(JsonElement? value, out ComposeExtensionQuery query, out string error)
    {
        query = new ComposeExtensionQuery("", "", MaxResults);
        if (value is not { ValueKind: JsonValueKind.Object } element)
        {
            error = "value must be an object with commandId and parameters.";
            return false;
        }

        if (!element.TryGetProperty("commandId", out var commandId) || commandId.ValueKind != JsonValueKind.String
            || string.IsNullOrWhiteSpace(commandId.GetString()))
        {
            error = "value.commandId must be a non-empty string.";
            return false;
        }

        var request = "";
        if (element.TryGetProperty("parameters", out var parameters) && parameters.ValueKind != JsonValueKind.Null)
        {
            if (parameters.ValueKind != JsonValueKind.Array)
            {
                error = "value.parameters must be an array of {name, value}.";
                return false;
            }

            foreach (var parameter in parameters.EnumerateArray())
            {
                if (parameter.ValueKind != JsonValueKind.Object
                    || !parameter.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
                {
                    error = "each of value.parameters must be an object with a string name.";
                    return false;
                }

                // initialRun is Teams asking for default results before the user typed anything.
                if (name.GetString() == "initialRun" || !parameter.TryGetProperty("value", out var text))
                {
                    continue;
                }

                if (text.ValueKind != JsonValueKind.String)
                {
                    error = $"value.parameters '{name.GetString()}' must have a string value.";
                    return false;
                }

                request = text.GetString()!.Trim();
                break;
            }
        }

        if (request.Length > MaxRequestLength)
        {
            error = $"The request is longer than {MaxRequestLength} characters.";
            return false;
        }

        var count = MaxResults;
        if (element.TryGetProperty("queryOptions", out var options) && options.ValueKind == JsonValueKind.Object
            && options.TryGetProperty("count", out var requested) && requested.ValueKind == JsonValueKind.Number
            && requested.TryGetInt32(out var n) && n > 0)
        {
            count = Math.Min(n, MaxResults);
        }

        query = new ComposeExtensionQuery(commandId.GetString()!, request, count);
        error = "";
        return true;
    }
}
