using System.Text.Json;

namespace Handoff.BotGateway.Handoff.Initiation;

/// <summary>
/// The <c>value</c> of a <c>composeExtension/query</c> invoke: which command, the user's request, how many results,
/// and whether Teams is only opening the command (<c>initialRun</c>).
/// </summary>
/// <param name="RequestText">
/// What the user asked, trimmed; empty when the parameter is missing, <c>null</c>, empty or Copilot's <c>*</c>
/// wildcard (PROTOCOL.md §1): all of them mean "no request text".
/// </param>
public sealed record ComposeExtensionQuery(string CommandId, string RequestText, int Count, bool InitialRun = false)
{
    public const int MaxRequestLength = 4_000;

    /// <summary>Every parameter with a string value, by name (the first one is <see cref="RequestText"/>), for a team's own search.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
    public const int MaxResults = 10;

    public const string InitialRunParameter = "initialRun";

    public static bool TryRead(JsonElement? value, out ComposeExtensionQuery query, out string error)
    {
        query = new ComposeExtensionQuery("", "", MaxResults);
        if (value is not { ValueKind: JsonValueKind.Object } element)
        {
            error = "value must be an object with commandId and parameters.";
            return false;
        }

        if (!element.TryGetProperty("commandId", out var commandIdElement) || Text(commandIdElement) is not { } commandId
            || string.IsNullOrWhiteSpace(commandId))
        {
            error = "value.commandId must be a non-empty string (valid Unicode text).";
            return false;
        }

        var request = "";
        var initialRun = false;
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
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
                    || !parameter.TryGetProperty("name", out var nameElement) || Text(nameElement) is not { } name)
                {
                    error = "each of value.parameters must be an object with a string name.";
                    return false;
                }

                parameter.TryGetProperty("value", out var valueElement);
                if (name == InitialRunParameter)
                {
                    // Teams asks for default results as the command opens, before the user typed anything.
                    initialRun = valueElement.ValueKind == JsonValueKind.True
                        || (Text(valueElement) is { } flag && bool.TryParse(flag, out var set) && set);
                    continue;
                }

                if (valueElement.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
                {
                    continue;
                }

                if (request.Length > 0)
                {
                    // Further parameters are only for a team's own search: a value it could not use is left out, not refused.
                    if (Text(valueElement) is { Length: <= MaxRequestLength } extra)
                    {
                        named.TryAdd(name, WithoutWildcard(extra));
                    }

                    continue;
                }

                if (Text(valueElement) is not { } text)
                {
                    error = $"value.parameters '{Shorten(name)}' must have a string value (valid Unicode text).";
                    return false;
                }

                request = WithoutWildcard(text);
                named.TryAdd(name, request);
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

        query = new ComposeExtensionQuery(commandId, request, count, initialRun) { Parameters = named };
        error = "";
        return true;
    }

    /// <summary>Copilot may send <c>*</c> for "anything" (Microsoft's sample strips it): a request of only wildcards is none.</summary>
    private static string WithoutWildcard(string text) => text.Trim().Trim('*').Trim();

    /// <summary>The string value, or null when it is not a string or not valid text (a lone surrogate escape).</summary>
    internal static string? Text(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
