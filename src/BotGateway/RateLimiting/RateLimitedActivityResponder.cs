using System.Threading.RateLimiting;
using Handoff.BotGateway.BotFramework.Activities;
using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.Handoff.Initiation;
using Handoff.BotGateway.Handoff.Resumption;
using Handoff.BotGateway.Localization;

namespace Handoff.BotGateway.RateLimiting;

/// <summary>
/// Answers an activity over the limit the way Teams shows best: a search gets a message in the search results,
/// a click or a message gets 200 and a chat message saying what to do (one notice per user every 30 s, so a
/// flood is not answered with a flood). Nothing of it is processed: a continuation token stays unused.
/// </summary>
public sealed class RateLimitedActivityResponder(BackgroundSends sends, ILogger<RateLimitedActivityResponder> logger) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _notices = PartitionedRateLimiter.Create<string, string>(user =>
        RateLimitPartition.GetFixedWindowLimiter(user, _ => new FixedWindowRateLimiterOptions { PermitLimit = 1, Window = TimeSpan.FromSeconds(30), QueueLimit = 0 }));

    public IResult Respond(IncomingActivity activity, RateLimitScope scope)
    {
        logger.LogWarning("Refused a {Type} {Name} over the {Scope} rate limit", activity.Type, activity.Name, scope);
        var language = ReplyLanguage.For(activity.Locale);
        if (activity.IsInvoke(ComposeExtensionQueryHandler.InvokeName) || activity.IsInvoke(SelectItemHandler.InvokeName))
        {
            return Results.Json(HandoffCards.Message(RateLimitMessages.ForSearch(scope, language)));
        }

        var text = activity.IsInvoke(HandoffActionHandler.InvokeName) ? RateLimitMessages.ForClick(scope, language)
            : activity.Type == ActivityTypes.Message ? RateLimitMessages.ForMessage(scope, language)
            : null;
        if (text is not null && activity.From is { } from)
        {
            using var notice = _notices.AttemptAcquire($"{activity.TenantId}/{from.AadObjectId ?? from.Id}");
            if (notice.IsAcquired)
            {
                sends.Enqueue(activity.ReplyAddress(), OutgoingActivity.Message(text, language));
            }
        }

        return Results.Ok();
    }

    public void Dispose() => _notices.Dispose();
}
