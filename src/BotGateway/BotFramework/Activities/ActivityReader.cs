using System.Text.Json;

namespace Handoff.BotGateway.BotFramework.Activities;

/// <summary>
/// Reads an activity from raw JSON, checking the type of every field it uses, so that any body a client
/// can send becomes either an activity or a 400 with a reason, never an exception.
/// </summary>
public static class ActivityReader
{
    private const int MaxIdLength = 1024;
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    public static ActivityReadResult Read(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException exception)
        {
            return ActivityReadResult.Invalid($"The body is not valid JSON: {exception.Message}");
        }

        using (document)
        {
            return Read(document.RootElement);
        }
    }

    public static ActivityReadResult Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ActivityReadResult.Invalid("The body must be a JSON object (an activity).");
        }

        if (HasUndecodablePropertyName(root))
        {
            return ActivityReadResult.Invalid("A property name is not valid Unicode text.");
        }

        if (!TryString(root, "type", out var type, out var error, required: true))
        {
            return ActivityReadResult.Invalid(error!);
        }

        if (!TryString(root, "name", out var name, out error)
            || !TryString(root, "id", out var id, out error)
            || !TryString(root, "channelId", out var channelId, out error)
            || !TryString(root, "serviceUrl", out var serviceUrlText, out error, required: true)
            || !TryString(root, "locale", out var locale, out error)
            || !TryString(root, "text", out var text, out error, maxLength: 28_000))
        {
            return ActivityReadResult.Invalid(error!);
        }

        if (!Uri.TryCreate(serviceUrlText, UriKind.Absolute, out var serviceUrl) || serviceUrl.Scheme is not ("https" or "http"))
        {
            return ActivityReadResult.Invalid("serviceUrl must be an absolute http(s) URL.");
        }

        if (!TryObject(root, "conversation", out var conversation, out error, required: true)
            || !TryString(conversation, "id", out var conversationId, out error, required: true, path: "conversation.id")
            || !TryString(conversation, "conversationType", out var conversationType, out error, path: "conversation.conversationType")
            || !TryString(conversation, "tenantId", out var conversationTenant, out error, path: "conversation.tenantId"))
        {
            return ActivityReadResult.Invalid(error!);
        }

        if (!TryAccount(root, "from", out var from, out error) || !TryAccount(root, "recipient", out var recipient, out error))
        {
            return ActivityReadResult.Invalid(error!);
        }

        string? channelDataTenant = null;
        string? sourceName = null;
        if (!TryObject(root, "channelData", out var channelData, out error)
            || (channelData.ValueKind == JsonValueKind.Object
                && (!TryObject(channelData, "tenant", out var tenant, out error, path: "channelData.tenant")
                    || (tenant.ValueKind == JsonValueKind.Object
                        && !TryString(tenant, "id", out channelDataTenant, out error, path: "channelData.tenant.id"))
                    || !TryObject(channelData, "source", out var source, out error, path: "channelData.source")
                    || (source.ValueKind == JsonValueKind.Object
                        && !TryString(source, "name", out sourceName, out error, path: "channelData.source.name")))))
        {
            return ActivityReadResult.Invalid(error!);
        }

        if (!TryString(root, "action", out var action, out error)
            || !TryMemberIds(root, "membersAdded", out var membersAdded, out error)
            || !TryProductId(root, out var productId, out error))
        {
            return ActivityReadResult.Invalid(error!);
        }

        JsonElement? value = root.TryGetProperty("value", out var rawValue) && rawValue.ValueKind != JsonValueKind.Null
            ? rawValue.Clone()
            : null;

        return ActivityReadResult.Ok(new IncomingActivity(
            type!, name, id, channelId ?? "msteams", serviceUrl, conversationId!, conversationType, from, recipient,
            channelDataTenant ?? conversationTenant, locale, text, value)
        {
            SourceName = sourceName,
            Action = action,
            MembersAdded = membersAdded,
            ProductId = productId,
        });
    }

    private static bool TryMemberIds(JsonElement parent, string property, out IReadOnlyList<string> ids, out string? error)
    {
        ids = [];
        error = null;
        if (!parent.TryGetProperty(property, out var members) || members.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (members.ValueKind != JsonValueKind.Array)
        {
            error = $"{property} must be an array of accounts.";
            return false;
        }

        var found = new List<string>();
        foreach (var member in members.EnumerateArray())
        {
            if (member.ValueKind != JsonValueKind.Object
                || !TryString(member, "id", out var id, out error, required: true, path: $"{property}[].id"))
            {
                error ??= $"each of {property} must be an account with an id.";
                return false;
            }

            found.Add(id!);
        }

        ids = found;
        return true;
    }

    /// <summary>The <c>id</c> of the first <c>entities</c> item of type <c>ProductInfo</c>; other entities are not read.</summary>
    private static bool TryProductId(JsonElement root, out string? productId, out string? error)
    {
        productId = null;
        error = null;
        if (!root.TryGetProperty("entities", out var entities) || entities.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (entities.ValueKind != JsonValueKind.Array)
        {
            error = "entities must be an array.";
            return false;
        }

        foreach (var entity in entities.EnumerateArray())
        {
            // Entities this bot does not read may hold anything; only a ProductInfo's id is checked.
            if (entity.ValueKind == JsonValueKind.Object && TryString(entity, "type", out var type, out _)
                && string.Equals(type, "ProductInfo", StringComparison.OrdinalIgnoreCase))
            {
                return TryString(entity, "id", out productId, out error, path: "entities[ProductInfo].id");
            }
        }

        return true;
    }

    /// <summary>
    /// A name with a lone surrogate escape (<c>"\ud800": 1</c>) is valid JSON, but every lookup by name
    /// (<c>TryGetProperty</c>, <c>JsonProperty.Name</c>) decodes the names it passes and throws on it. The handlers
    /// read <c>value</c> by name too, so such a body is refused here, before anything looks a property up.
    /// </summary>
    private static bool HasUndecodablePropertyName(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    try
                    {
                        _ = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return true;
                    }

                    if (HasUndecodablePropertyName(property.Value))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (HasUndecodablePropertyName(item))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static bool TryAccount(JsonElement parent, string property, out ChannelAccount? account, out string? error)
    {
        account = null;
        if (!TryObject(parent, property, out var element, out error))
        {
            return false;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        if (!TryString(element, "id", out var id, out error, required: true, path: $"{property}.id")
            || !TryString(element, "name", out var name, out error, path: $"{property}.name")
            || !TryString(element, "aadObjectId", out var aadObjectId, out error, path: $"{property}.aadObjectId"))
        {
            return false;
        }

        account = new ChannelAccount(id!, name, aadObjectId);
        return true;
    }

    private static bool TryObject(JsonElement parent, string property, out JsonElement element, out string? error, bool required = false, string? path = null)
    {
        error = null;
        if (!parent.TryGetProperty(property, out element) || element.ValueKind == JsonValueKind.Null)
        {
            element = default;
            error = required ? $"{path ?? property} is required." : null;
            return !required;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            error = $"{path ?? property} must be an object.";
            return false;
        }

        return true;
    }

    private static bool TryString(JsonElement parent, string property, out string? value, out string? error,
        bool required = false, string? path = null, int maxLength = MaxIdLength)
    {
        value = null;
        error = null;
        if (!parent.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            error = required ? $"{path ?? property} is required." : null;
            return !required;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            error = $"{path ?? property} must be a string.";
            return false;
        }

        try
        {
            value = element.GetString();
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape (\ud800) is valid JSON but not text.
            error = $"{path ?? property} is not valid Unicode text.";
            return false;
        }

        if (required && string.IsNullOrWhiteSpace(value))
        {
            error = $"{path ?? property} must not be empty.";
            return false;
        }

        if (value!.Length > maxLength)
        {
            error = $"{path ?? property} is longer than {maxLength} characters.";
            return false;
        }

        return true;
    }
}
