using Handoff.BotGateway.Localization;

namespace Handoff.BotGateway.RateLimiting;

/// <summary>What a user over a limit is told, in their language: what happened and what to do next.</summary>
public static class RateLimitMessages
{
    public static string ForSearch(RateLimitScope scope, ReplyLanguage language) => scope == RateLimitScope.User
        ? language.Text(Reply.RateLimitSearch)
        : language.Text(Reply.OrganisationBusy);

    public static string ForClick(RateLimitScope scope, ReplyLanguage language) => scope == RateLimitScope.User
        ? language.Text(Reply.RateLimitClick)
        : $"{language.Text(Reply.OrganisationBusy)} {language.Text(Reply.LinkStillWorks)}";

    public static string ForMessage(RateLimitScope scope, ReplyLanguage language) => scope == RateLimitScope.User
        ? language.Text(Reply.RateLimitMessage)
        : language.Text(Reply.OrganisationBusy);
}
