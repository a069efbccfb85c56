using System.Text.Json;

namespace Handoff.BotGateway.Handoff.Resumption;

/// <summary>
/// Reads <c>value.continuation</c> of a <c>handoff/action</c> invoke from the raw JSON. The property name is
/// matched case-insensitively: Microsoft's own .NET helpers read it by reflection and get nothing on real
/// traffic (PROTOCOL.md §2), so we read the JSON as it is and accept <c>Continuation</c> too.
/// </summary>
public static class HandoffActionValue
{
    public const int MaxTokenLength = 1024;

    public static bool TryReadContinuation(JsonElement? value, out string continuation, out string error)
    {
        continuation = "";
        if (value is not { ValueKind: JsonValueKind.Object } element)
        {
            error = "value must be an object with a string 'continuation'.";
            return false;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!string.Equals(property.Name, "continuation", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (property.Value.ValueKind != JsonValueKind.String)
            {
                error = "value.continuation must be a string.";
                return false;
            }

            string? text;
            try
            {
                text = property.Value.GetString();
            }
            catch (InvalidOperationException)
            {
                error = "value.continuation is not valid Unicode text.";
                return false;
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                error = "value.continuation must not be empty.";
                return false;
            }

            if (text.Length > MaxTokenLength)
            {
                error = $"value.continuation is longer than {MaxTokenLength} characters.";
                return false;
            }

            continuation = text.Trim();
            error = "";
            return true;
        }

        error = "value.continuation is missing.";
        return false;
    }
}
