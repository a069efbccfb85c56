using System.Text.Json.Nodes;
using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.Handoff.Feedback;
using Handoff.Contracts.Events;
using Handoff.Contracts.State;

namespace Handoff.BotGateway.Handoff.Resumption;

/// <summary>
/// What the user reads. One table maps each reason code to its text (which says what happened and what to
/// do next, and never shows any context); its metric tag is in <see cref="OutcomeTags"/>. Where a button helps, the
/// message is an Adaptive Card with "Open Copilot".
/// </summary>
public static class HandoffMessages
{
    public const string Delayed =
        "I'm picking up your task from Copilot, but a service is slow right now. I'll continue here as soon as it's back; you don't need to do anything.";

    public const string NotQueued =
        "I couldn't pick up your task from Copilot just now because our services are busy. Open the same link again in a minute: it still works.";

    /// <summary>Copilot handoff works in the personal chat with the bot only (PROTOCOL.md, the feature's preview note).</summary>
    public const string NotPersonalChat =
        "Copilot links open in a personal chat with me, so I didn't pick up that task here. Open the same link from your personal chat with me (find me under Apps in Teams): it still works.";

    public const string FeedbackQuestion = "Did picking up your task from Copilot work for you?";

    public const string FeedbackThanks = "Thanks for telling us.";

    public const string FeedbackAlreadyGiven = "Thanks, I already have your feedback on that one.";

    private static readonly Dictionary<HandoffRejectionReason, (string Text, bool OfferCopilot)> Rejections = new()
    {
        [HandoffRejectionReason.Expired] = ("This Copilot link has expired, so I can't pick up that task. Open Copilot and ask again to get a fresh link.", true),
        [HandoffRejectionReason.AlreadyUsed] = ("This Copilot link was already used, and each link works once. Open Copilot and ask again to continue here.", true),
        [HandoffRejectionReason.NotYours] = ("This Copilot link was made for someone else, so I can't open it for you. Open Copilot and ask your own question to continue here.", true),
        [HandoffRejectionReason.TenantNotAllowed] = ("Your organisation hasn't enabled this bot, so I can't continue tasks here. Please ask your admin to allow it.", false),
        [HandoffRejectionReason.ContextTooLarge] = ("What you were doing in Copilot is too large for me to carry over. Open Copilot and ask again with a shorter request.", true),
        [HandoffRejectionReason.StateUnavailable] = ("I couldn't load your task because a service is unavailable. Please open the same link again in a few minutes.", false),
        [HandoffRejectionReason.Unknown] = ("I don't recognise this Copilot link, so I can't pick up that task. Open Copilot and ask again to get a fresh link.", true),
    };

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

    /// <summary>Said when a new handoff replaced a task the chat was working on: nothing is lost.</summary>
    public static string? PreviousKept(ActiveTask task) => task.Previous is { } previous
        ? $"Your earlier task **{previous.Context.Item.Title}** is kept (step {Math.Min(previous.StepIndex + 1, previous.Context.Item.Steps.Count)} of {previous.Context.Item.Steps.Count}). Say **switch** to go back to it."
        : null;

    public static string ForRejection(HandoffRejectionReason reason) => Rejection(reason).Text;

    /// <summary>What the user can quote to support: the handoff's reference, which support looks up in logs and the diagnostics endpoint.</summary>
    public static string ReferenceLine(string reference) => $"Ref: {reference}";

    /// <summary>
    /// The rejection as a message: the text, the reference for support, and where starting again in Copilot
    /// is the fix, an "Open Copilot" button and 👍/👎.
    /// </summary>
    public static OutgoingActivity RejectionMessage(HandoffRejectionReason reason, string copilotUrl, string? reference = null)
    {
        var (text, offerCopilot) = Rejection(reason);
        if (!offerCopilot)
        {
            return OutgoingActivity.Message(WithReference(text, reference));
        }

        var body = new JsonArray(TextBlock(text));
        var actions = new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open Copilot", ["url"] = copilotUrl });
        if (reference is not null)
        {
            body.Add(ReferenceBlock(reference));
            foreach (var vote in FeedbackActions(reference, OutcomeTags.Of(reason)))
            {
                actions.Add(vote);
            }
        }

        // The card carries the text: a plain text beside it would show the sentence twice in Teams.
        return new OutgoingActivity("message", null, [AdaptiveCard(body, actions)]);
    }

    public static OutgoingActivity DelayedMessage(string? reference) => OutgoingActivity.Message(WithReference(Delayed, reference));

    public static OutgoingActivity NotQueuedMessage(string reference) => OutgoingActivity.Message(WithReference(NotQueued, reference));

    public static OutgoingActivity NotPersonalChatMessage(string reference) => OutgoingActivity.Message(WithReference(NotPersonalChat, reference));

    /// <summary>
    /// The whole welcome as one activity, so a handoff costs one connector call: "Continuing from Copilot: …" as its
    /// text (what Teams shows in notifications and the chat list), then one card with the next step, the note that an
    /// earlier task is kept, and 👍/👎 on the handoff (whose <c>data</c> the feedback handler reads).
    /// </summary>
    public static OutgoingActivity Welcome(ActiveTask task, string? reference) => Welcome(StepsWelcome.For(task), task, reference);

    /// <summary>The welcome in <paramref name="message"/>'s words (a team's <see cref="IHandoffWelcome"/>), as one activity like the default.</summary>
    public static OutgoingActivity Welcome(HandoffWelcomeMessage message, ActiveTask task, string? reference)
    {
        var body = new JsonArray([.. (message.Paragraphs ?? []).Where(paragraph => !string.IsNullOrWhiteSpace(paragraph)).Select(paragraph => (JsonNode)TextBlock(paragraph))]);
        if (PreviousKept(task) is { } previousKept)
        {
            body.Add(TextBlock(previousKept));
        }

        var actions = new JsonArray();
        if (reference is not null)
        {
            body.Add(TextBlock(FeedbackQuestion));
            body.Add(ReferenceBlock(reference));
            foreach (var vote in FeedbackActions(reference, OutcomeTags.Welcomed))
            {
                actions.Add(vote);
            }
        }

        return new OutgoingActivity("message", string.IsNullOrWhiteSpace(message.Summary) ? Continuing(task) : message.Summary, [AdaptiveCard(body, actions)]);
    }

    /// <summary>
    /// The owner clicked a link they already redeemed: they are already continuing that task, and where it stands.
    /// Where the chat no longer holds it, starting again in Copilot is the fix, so the notice offers "Open Copilot".
    /// </summary>
    public static OutgoingActivity AlreadyContinuingMessage(EarlierRedemption earlier, string copilotUrl, string? reference)
    {
        var item = earlier.Context.Item;
        var steps = item.Steps.Count;
        switch (earlier.Standing)
        {
            case EarlierTaskStanding.Active when earlier.StepIndex >= steps:
                return OutgoingActivity.Message(WithReference(
                    $"You opened this link already, and **{item.Title}** is done: every step is complete. Start a new task from Copilot whenever you like.", reference));
            case EarlierTaskStanding.Active:
                return OutgoingActivity.Message(WithReference(
                    $"You're already continuing **{item.Title}** here, step {earlier.StepIndex + 1} of {steps}: {item.Steps[earlier.StepIndex]}\n\nSay **next** when it's done, or **status** to see where we are.",
                    reference));
            case EarlierTaskStanding.Kept:
                return OutgoingActivity.Message(WithReference(
                    $"You opened this link already: **{item.Title}** is kept at step {Math.Min(earlier.StepIndex + 1, steps)} of {steps} while you work on a newer task. Say **switch** to go back to it.",
                    reference));
            default:
                var text = $"You opened this link already, and this chat no longer holds **{item.Title}**. Open Copilot and ask again to pick it up afresh.";
                var body = new JsonArray(TextBlock(text));
                if (reference is not null)
                {
                    body.Add(ReferenceBlock(reference));
                }

                return new OutgoingActivity("message", null,
                    [AdaptiveCard(body, new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open Copilot", ["url"] = copilotUrl }))]);
        }
    }

    private static string WithReference(string text, string? reference) => reference is null ? text : $"{text}\n\n{ReferenceLine(reference)}";

    private static JsonObject TextBlock(string text) => new() { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };

    private static JsonObject ReferenceBlock(string reference) =>
        new() { ["type"] = "TextBlock", ["text"] = ReferenceLine(reference), ["isSubtle"] = true, ["size"] = "Small", ["wrap"] = true };

    private static IEnumerable<JsonObject> FeedbackActions(string reference, string outcomeTag) =>
        new[] { ("👍", HandoffFeedbackValue.Up), ("👎", HandoffFeedbackValue.Down) }.Select(vote => new JsonObject
        {
            ["type"] = "Action.Submit",
            ["title"] = vote.Item1,
            ["data"] = new JsonObject
            {
                [HandoffFeedbackValue.VoteProperty] = vote.Item2,
                ["reference"] = reference,
                ["reason"] = outcomeTag,
            },
        });

    private static JsonObject AdaptiveCard(JsonArray body, JsonArray actions) => new()
    {
        ["contentType"] = "application/vnd.microsoft.card.adaptive",
        ["content"] = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["body"] = body,
            ["actions"] = actions,
        },
    };

    private static (string Text, bool OfferCopilot) Rejection(HandoffRejectionReason reason) =>
        Rejections.TryGetValue(reason, out var rejection) ? rejection : Rejections[HandoffRejectionReason.Unknown];

    private static string OrDefault(this string text, string fallback) => string.IsNullOrWhiteSpace(text) ? fallback : text;
}
