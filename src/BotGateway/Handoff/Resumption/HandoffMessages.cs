using Handoff.Contracts.State;

namespace Handoff.BotGateway.Handoff.Resumption;

/// <summary>What the user reads. Every rejection says what happened and what to do next, and never shows any context.</summary>
public static class HandoffMessages
{
    public const string Delayed =
        "I couldn't pick up your task from Copilot just now because a service is busy. Open the same link again in a minute.";

    public static string Continuing(ActiveTask task) => $"Continuing from Copilot: {task.Context.RequestText.OrDefault(task.Context.Item.Title)}";

    public static string NextStep(ActiveTask task)
    {
        var item = task.Context.Item;
        if (task.CurrentStep is not { } step)
        {
            return $"**{item.Title}** is done: every step is complete. Start a new task from Copilot whenever you like.";
        }

        return $"**{item.Title}**, step {task.StepIndex + 1} of {item.Steps.Count}: {step}\n\nSay **next** when it's done, or **status** to see where we are.";
    }

    /// <summary>The one table from reason code to user text (with the next step) and metric tag.</summary>
    public static string ForRejection(HandoffRejectionReason reason) => reason switch
    {
        HandoffRejectionReason.Expired =>
            "This Copilot link has expired, so I can't pick up that task. Open Copilot and ask again to get a fresh link.",
        HandoffRejectionReason.AlreadyUsed =>
            "This Copilot link was already used, and each link works once. Open Copilot and ask again to continue here.",
        HandoffRejectionReason.NotYours =>
            "This Copilot link was made for someone else, so I can't open it for you. Open Copilot and ask your own question to continue here.",
        HandoffRejectionReason.StateUnavailable =>
            "I couldn't load your task because a service is unavailable. Please open the same link again in a few minutes.",
        _ =>
            "I don't recognise this Copilot link, so I can't pick up that task. Open Copilot and ask again to get a fresh link.",
    };

    public static string MetricTag(HandoffRejectionReason reason) => reason switch
    {
        HandoffRejectionReason.Expired => "expired",
        HandoffRejectionReason.AlreadyUsed => "already_used",
        HandoffRejectionReason.NotYours => "not_yours",
        HandoffRejectionReason.StateUnavailable => "state_unavailable",
        _ => "unknown",
    };

    private static string OrDefault(this string text, string fallback) => string.IsNullOrWhiteSpace(text) ? fallback : text;
}
