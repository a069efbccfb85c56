using System.Text.Json.Nodes;
using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.Handoff.Feedback;
using Handoff.BotGateway.Localization;
using Handoff.Contracts.Events;
using Handoff.Contracts.State;

namespace Handoff.BotGateway.Handoff.Resumption;

/// <summary>
/// What the user reads about a handoff, in the <see cref="ReplyLanguage"/> given. One table maps each reason code to its
/// text (which says what happened and what to do next, and never shows any context); its metric tag is in
/// <see cref="OutcomeTags"/>. Where a button helps, the message is an Adaptive Card with "Open Copilot".
/// </summary>
public static class HandoffMessages
{
    /// <summary>The one table: each reason code's text, and whether "Open Copilot" is the fix.</summary>
    private static readonly Dictionary<HandoffRejectionReason, (Reply Text, bool OfferCopilot)> Rejections = new()
    {
        [HandoffRejectionReason.Expired] = (Reply.RejectedExpired, true),
        [HandoffRejectionReason.AlreadyUsed] = (Reply.RejectedAlreadyUsed, true),
        [HandoffRejectionReason.NotYours] = (Reply.RejectedNotYours, true),
        [HandoffRejectionReason.TenantNotAllowed] = (Reply.RejectedTenantNotAllowed, false),
        [HandoffRejectionReason.ContextTooLarge] = (Reply.RejectedContextTooLarge, true),
        [HandoffRejectionReason.StateUnavailable] = (Reply.RejectedStateUnavailable, false),
        [HandoffRejectionReason.Unknown] = (Reply.RejectedUnknown, true),
    };

    public static string Continuing(ActiveTask task, ReplyLanguage language) =>
        language.Format(Reply.ContinuingFromCopilot, task.Context.RequestText.OrDefault(task.Context.Item.Title));

    public static string NextStep(ActiveTask task, ReplyLanguage language)
    {
        var item = task.Context.Item;
        return task.CurrentStep is { } step
            ? language.Format(Reply.NextStep, item.Title, task.StepIndex + 1, item.Steps.Count, step)
            : language.Format(Reply.TaskDone, item.Title);
    }

    /// <summary>Said when a new handoff replaced a task the chat was working on: nothing is lost.</summary>
    public static string? PreviousKept(ActiveTask task, ReplyLanguage language) => task.Previous is { } previous
        ? language.Format(Reply.PreviousKept, previous.Context.Item.Title,
            Math.Min(previous.StepIndex + 1, previous.Context.Item.Steps.Count), previous.Context.Item.Steps.Count)
        : null;

    public static string ForRejection(HandoffRejectionReason reason, ReplyLanguage language) => language.Text(Rejection(reason).Text);

    /// <summary>Whether starting again in Copilot is the fix for <paramref name="reason"/>: its message then has an "Open Copilot" button.</summary>
    public static bool OffersCopilot(HandoffRejectionReason reason) => Rejection(reason).OfferCopilot;

    /// <summary>
    /// What the user can quote to support: the handoff's reference, which support looks up in logs and the diagnostics
    /// endpoint. The same in every language, so support reads it the same way whoever quotes it.
    /// </summary>
    public static string ReferenceLine(string reference) => $"Ref: {reference}";

    /// <summary>
    /// The rejection as a message: the text, the reference for support, and where starting again in Copilot
    /// is the fix, an "Open Copilot" button and 👍/👎.
    /// </summary>
    public static OutgoingActivity RejectionMessage(HandoffRejectionReason reason, ReplyLanguage language, string copilotUrl, string? reference = null)
    {
        var (reply, offerCopilot) = Rejection(reason);
        var text = language.Text(reply);
        if (!offerCopilot)
        {
            return OutgoingActivity.Message(WithReference(text, reference), language);
        }

        var body = new JsonArray(TextBlock(text));
        var actions = new JsonArray(OpenCopilot(language, copilotUrl));
        if (reference is not null)
        {
            body.Add(ReferenceBlock(reference));
            foreach (var vote in FeedbackActions(reference, OutcomeTags.Of(reason)))
            {
                actions.Add(vote);
            }
        }

        // The card carries the text: a plain text beside it would show the sentence twice in Teams.
        return new OutgoingActivity("message", null, [AdaptiveCard(body, actions)]) { Locale = language.Locale };
    }

    public static OutgoingActivity DelayedMessage(ReplyLanguage language, string? reference) =>
        OutgoingActivity.Message(WithReference(language.Text(Reply.Delayed), reference), language);

    public static OutgoingActivity NotQueuedMessage(ReplyLanguage language, string reference) =>
        OutgoingActivity.Message(WithReference(language.Text(Reply.NotQueued), reference), language);

    /// <summary>Copilot handoff works in the personal chat with the bot only (PROTOCOL.md, the feature's preview note).</summary>
    public static OutgoingActivity NotPersonalChatMessage(ReplyLanguage language, string reference) =>
        OutgoingActivity.Message(WithReference(language.Text(Reply.NotPersonalChat), reference), language);

    /// <summary>
    /// The whole welcome as one activity, so a handoff costs one connector call: "Continuing from Copilot: …" as its
    /// text (what Teams shows in notifications and the chat list), then one card with the next step, the note that an
    /// earlier task is kept, and 👍/👎 on the handoff (whose <c>data</c> the feedback handler reads).
    /// </summary>
    public static OutgoingActivity Welcome(ActiveTask task, ReplyLanguage language, string? reference) =>
        Welcome(StepsWelcome.For(task, language), task, language, reference);

    /// <summary>
    /// The welcome in <paramref name="message"/>'s words (a team's <see cref="IHandoffWelcome"/>), as one activity like the
    /// default; what the gateway adds (the kept task, the feedback question) is in <paramref name="language"/>.
    /// </summary>
    public static OutgoingActivity Welcome(HandoffWelcomeMessage message, ActiveTask task, ReplyLanguage language, string? reference)
    {
        var body = new JsonArray([.. (message.Paragraphs ?? []).Where(paragraph => !string.IsNullOrWhiteSpace(paragraph)).Select(paragraph => (JsonNode)TextBlock(paragraph))]);
        if (PreviousKept(task, language) is { } previousKept)
        {
            body.Add(TextBlock(previousKept));
        }

        var actions = new JsonArray();
        if (reference is not null)
        {
            body.Add(TextBlock(language.Text(Reply.FeedbackQuestion)));
            body.Add(ReferenceBlock(reference));
            foreach (var vote in FeedbackActions(reference, OutcomeTags.Welcomed))
            {
                actions.Add(vote);
            }
        }

        var summary = string.IsNullOrWhiteSpace(message.Summary) ? Continuing(task, language) : message.Summary;
        return new OutgoingActivity("message", summary, [AdaptiveCard(body, actions)]) { Locale = language.Locale };
    }

    /// <summary>
    /// The owner clicked a link they already redeemed: they are already continuing that task, and where it stands.
    /// Where the chat no longer holds it (<paramref name="earlier"/> null), starting again in Copilot is the fix, so the notice
    /// offers "Open Copilot"; nothing names the task then, as nothing of it is left to name.
    /// </summary>
    public static OutgoingActivity AlreadyContinuingMessage(EarlierRedemption? earlier, ReplyLanguage language, string copilotUrl, string? reference)
    {
        if (earlier is null || earlier.Standing == EarlierTaskStanding.NotHere)
        {
            var body = new JsonArray(TextBlock(language.Text(Reply.AlreadyContinuingGone)));
            if (reference is not null)
            {
                body.Add(ReferenceBlock(reference));
            }

            return new OutgoingActivity("message", null, [AdaptiveCard(body, new JsonArray(OpenCopilot(language, copilotUrl)))]) { Locale = language.Locale };
        }

        var item = earlier.Context.Item;
        var steps = item.Steps.Count;
        switch (earlier.Standing)
        {
            case EarlierTaskStanding.Active when earlier.StepIndex >= steps:
                return OutgoingActivity.Message(WithReference(language.Format(Reply.AlreadyContinuingDone, item.Title), reference), language);
            case EarlierTaskStanding.Active:
                return OutgoingActivity.Message(WithReference(
                    language.Format(Reply.AlreadyContinuingActive, item.Title, earlier.StepIndex + 1, steps, item.Steps[earlier.StepIndex]), reference), language);
            default:
                return OutgoingActivity.Message(WithReference(
                    language.Format(Reply.AlreadyContinuingKept, item.Title, Math.Min(earlier.StepIndex + 1, steps), steps), reference), language);
        }
    }

    private static JsonObject OpenCopilot(ReplyLanguage language, string copilotUrl) =>
        new() { ["type"] = "Action.OpenUrl", ["title"] = language.Text(Reply.OpenCopilot), ["url"] = copilotUrl };

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

    private static (Reply Text, bool OfferCopilot) Rejection(HandoffRejectionReason reason) =>
        Rejections.TryGetValue(reason, out var rejection) ? rejection : Rejections[HandoffRejectionReason.Unknown];

    private static string OrDefault(this string text, string fallback) => string.IsNullOrWhiteSpace(text) ? fallback : text;
}
