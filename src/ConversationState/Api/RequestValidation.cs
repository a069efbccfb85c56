using System.Buffers;
using System.Text;
using System.Text.Json;
using Handoff.Contracts;
using Handoff.Contracts.State;

namespace Handoff.ConversationState.Api;

/// <summary>Checks API input before it reaches Redis; each error names the field and the rule.</summary>
public static class RequestValidation
{
    private const int MaxIdLength = 512;
    private const int MaxTextLength = 4_000;

    public static Dictionary<string, string[]> Validate(StoreContextsRequest? request, StateOptions options)
    {
        var errors = new Dictionary<string, string[]>();
        if (request?.Contexts is not { Count: > 0 } contexts)
        {
            errors["contexts"] = ["At least one context is required."];
            return errors;
        }

        if (contexts.Count > options.MaxContextsPerRequest)
        {
            errors["contexts"] = [$"At most {options.MaxContextsPerRequest} contexts can be stored in one request."];
            return errors;
        }

        for (var i = 0; i < contexts.Count; i++)
        {
            var draft = contexts[i];
            var prefix = $"contexts[{i}]";
            if (draft is null)
            {
                errors[prefix] = ["A context is required."];
                continue;
            }

            Require(errors, $"{prefix}.commandId", draft.CommandId, MaxIdLength);
            Require(errors, $"{prefix}.userAadObjectId", draft.UserAadObjectId, MaxIdLength);
            Require(errors, $"{prefix}.tenantId", draft.TenantId, MaxIdLength);
            Require(errors, $"{prefix}.locale", draft.Locale, MaxIdLength);
            Limit(errors, $"{prefix}.requestText", draft.RequestText, MaxTextLength);
            if (draft.Item is null)
            {
                errors[$"{prefix}.item"] = ["The chosen item is required."];
                continue;
            }

            Require(errors, $"{prefix}.item.id", draft.Item.Id, MaxIdLength);
            Require(errors, $"{prefix}.item.title", draft.Item.Title, MaxTextLength);
            if (draft.Item.Steps is null || draft.Item.Steps.Any(string.IsNullOrWhiteSpace))
            {
                errors[$"{prefix}.item.steps"] = ["Steps must be a list of non-empty strings."];
            }

            if (draft.AppPayload is { } payload && CompactSize(payload) is var payloadSize && payloadSize > AppPayloadLimits.MaxBytes)
            {
                errors[$"{prefix}.appPayload"] = [$"The app payload is {payloadSize} bytes of JSON; the limit is {AppPayloadLimits.MaxBytes}."];
                continue;
            }

            var size = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(draft, ContractsJson.Default.HandoffContextDraft));
            if (size > options.MaxContextBytes)
            {
                errors[$"{prefix}"] = [$"The context is {size} bytes; the limit is {options.MaxContextBytes}."];
            }
        }

        return errors;
    }

    public static Dictionary<string, string[]> Validate(RedeemTokenRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors["body"] = ["A redeem request is required."];
            return errors;
        }

        // The token's format is not checked here: a malformed token is an "unknown token" outcome for the user.
        Require(errors, "token", request.Token, MaxIdLength);
        Require(errors, "userAadObjectId", request.UserAadObjectId, MaxIdLength);
        Require(errors, "tenantId", request.TenantId, MaxIdLength);
        Require(errors, "conversationId", request.ConversationId, MaxIdLength);
        Require(errors, "redemptionId", request.RedemptionId, MaxIdLength);
        return errors;
    }

    public static Dictionary<string, string[]> Validate(string conversationId, RecordTurnRequest? request) =>
        ValidateMessage(conversationId, request?.Text, request?.UserAadObjectId, request?.TenantId, emptyAllowed: true);

    /// <summary>A reply is what the bot sent: never empty.</summary>
    public static Dictionary<string, string[]> Validate(string conversationId, RecordReplyRequest? request) =>
        ValidateMessage(conversationId, request?.Text, request?.UserAadObjectId, request?.TenantId, emptyAllowed: false);

    public static Dictionary<string, string[]> ValidateConversationId(string conversationId) => ValidateId("conversationId", conversationId);

    public static Dictionary<string, string[]> ValidateId(string field, string value)
    {
        var errors = new Dictionary<string, string[]>();
        Require(errors, field, value, MaxIdLength);
        return errors;
    }

    /// <summary>The text is not limited here: the history keeps its first characters (<c>Conversations/ConversationHistory</c>).</summary>
    private static Dictionary<string, string[]> ValidateMessage(string conversationId, string? text, string? userAadObjectId, string? tenantId, bool emptyAllowed)
    {
        var errors = ValidateConversationId(conversationId);
        Require(errors, "userAadObjectId", userAadObjectId, MaxIdLength);
        Require(errors, "tenantId", tenantId, MaxIdLength);
        if (text is null)
        {
            errors["text"] = [emptyAllowed ? "Required (may be empty)." : "Required."];
        }
        else if (!emptyAllowed && string.IsNullOrWhiteSpace(text))
        {
            errors["text"] = ["Required."];
        }

        return errors;
    }

    /// <summary>The payload's size as it is stored: its JSON without indentation.</summary>
    private static int CompactSize(JsonElement payload)
    {
        if (payload.ValueKind == JsonValueKind.Undefined)
        {
            return 0;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            payload.WriteTo(writer);
        }

        return buffer.WrittenCount;
    }

    private static void Require(Dictionary<string, string[]> errors, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = ["Required."];
        }
        else
        {
            Limit(errors, field, value, maxLength);
        }
    }

    private static void Limit(Dictionary<string, string[]> errors, string field, string? value, int maxLength)
    {
        if (value is null)
        {
            errors[field] = ["Required (may be empty)."];
        }
        else if (value.Length > maxLength)
        {
            errors[field] = [$"At most {maxLength} characters."];
        }
    }
}
