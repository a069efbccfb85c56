using System.Text.Json;
using Handoff.Contracts.Events;
using Handoff.Contracts.Diagnostics;

namespace Handoff.BotGateway.Handoff.Feedback;

/// <summary>
/// A 👍/👎 from the card under a handoff's outcome. Teams sends an Adaptive Card's <c>Action.Submit</c> as a
/// <c>message</c> activity whose <c>value</c> is the action's data: <c>{"handoffFeedback":"up","reference":…,"reason":…}</c>.
/// </summary>
/// <param name="Reason">The outcome's metric tag the card was shown for; anything unknown is <c>unknown</c>, so clients cannot invent tags.</param>
public sealed record HandoffFeedbackValue(string Vote, string Reference, string Reason)
{
    public const string VoteProperty = "handoffFeedback";
    public const string Up = "up";
    public const string Down = "down";

    /// <summary>False with no error when the value is not feedback at all; false with an error when it is feedback but malformed.</summary>
    public static bool TryRead(JsonElement? value, out HandoffFeedbackValue feedback, out string? error)
    {
        feedback = null!;
        error = null;
        if (value is not { ValueKind: JsonValueKind.Object } element || !element.TryGetProperty(VoteProperty, out var vote))
        {
            return false;
        }

        if (vote.ValueKind != JsonValueKind.String || vote.ValueEquals(Up) is false && vote.ValueEquals(Down) is false)
        {
            error = $"value.{VoteProperty} must be '{Up}' or '{Down}'.";
            return false;
        }

        if (!element.TryGetProperty("reference", out var referenceValue) || referenceValue.ValueKind != JsonValueKind.String
            || !HandoffReference.TryNormalise(ReadString(referenceValue), out var reference))
        {
            error = "value.reference must be a handoff reference like H7K2M-9QXDA.";
            return false;
        }

        var reason = element.TryGetProperty("reason", out var reasonValue) && reasonValue.ValueKind == JsonValueKind.String
                     && ReadString(reasonValue) is { } tag && OutcomeTags.IsOutcome(tag)
            ? tag
            : "unknown";
        feedback = new HandoffFeedbackValue(vote.ValueEquals(Up) ? Up : Down, reference, reason);
        return true;
    }

    private static string? ReadString(JsonElement element)
    {
        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            // Lone surrogates: not a reference or tag of ours.
            return null;
        }
    }
}
