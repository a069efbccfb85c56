using System.Text.Json;
using Handoff.BotGateway.BotFramework;
using Handoff.BotGateway.BotFramework.Activities;

namespace Handoff.BotGateway.Agents;

/// <summary>
/// Teams' own 👍/👎 under a generated answer (<c>channelData.feedbackLoopEnabled</c>): an <c>invoke</c> named
/// <c>message/submitAction</c>, <c>value</c> = <c>{ actionName: "feedback", actionValue: { reaction: "like"|"dislike", feedback: "…" } }</c>.
/// Counted by reaction; the user's comment is not kept. Answered 200, as Teams expects, so the buttons never show an error.
/// </summary>
public sealed class AgentFeedbackHandler(AgentMetrics metrics)
{
    public const string InvokeName = "message/submitAction";

    public IResult Handle(IncomingActivity activity)
    {
        if (activity.Value is not { ValueKind: JsonValueKind.Object } value
            || !value.TryGetProperty("actionName", out var actionName) || actionName.ValueKind != JsonValueKind.String)
        {
            return BotErrors.BadRequest("value.actionName is required on message/submitAction.");
        }

        if (actionName.GetString() != "feedback")
        {
            return BotErrors.BadRequest($"message/submitAction's only action here is 'feedback'; got '{Shorten(actionName.GetString())}'.");
        }

        var reaction = value.TryGetProperty("actionValue", out var actionValue) && actionValue.ValueKind == JsonValueKind.Object
                       && actionValue.TryGetProperty("reaction", out var given) && given.ValueKind == JsonValueKind.String
            ? given.GetString()
            : null;
        if (reaction is not ("like" or "dislike"))
        {
            return BotErrors.BadRequest("value.actionValue.reaction must be 'like' or 'dislike'.");
        }

        metrics.Feedback(reaction);
        return Results.Ok();
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length > 40 ? text[..40] : text;
}
