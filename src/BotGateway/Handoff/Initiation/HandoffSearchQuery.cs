using Handoff.BotGateway.BotFramework.Activities;
using Handoff.BotGateway.Localization;

namespace Handoff.BotGateway.Handoff.Initiation;

/// <summary>
/// A search as <see cref="IHandoffSearch"/> is asked it: the command, what the user asked (<paramref name="RequestText"/>,
/// empty for none) and every named parameter, how many results fit, who asks (already admitted: a known user of an
/// allowed tenant), in which language, and from where.
/// </summary>
public sealed record HandoffSearchQuery(
    string CommandId,
    string RequestText,
    IReadOnlyDictionary<string, string> Parameters,
    int Count,
    TeamsUser User,
    string Locale,
    QuerySurface Surface)
{
    public const string DefaultLocale = "en-US";

    public static HandoffSearchQuery From(ComposeExtensionQuery query, TeamsUser user, string? locale, QuerySurface surface) =>
        new(query.CommandId, query.RequestText, query.Parameters, query.Count, user, LocaleOrDefault(locale), surface);

    /// <summary>The search-box pick, asked again with the request it was found for.</summary>
    public static HandoffSearchQuery From(TaskSelection selection, TeamsUser user, string? locale) =>
        new(selection.CommandId, selection.RequestText, new Dictionary<string, string>(), 1, user, LocaleOrDefault(locale), QuerySurface.SearchBox);

    /// <summary>The activity's locale when it has a locale's shape (what a search and the stored context get), else <see cref="DefaultLocale"/>.</summary>
    public static string LocaleOrDefault(string? locale) => ReplyLanguage.WellFormed(locale) ?? DefaultLocale;
}
