using System.Text.Json;
using Handoff.BotGateway.BotFramework.Activities;

namespace Handoff.BotGateway.Handoff.Initiation;

/// <summary>
/// Where a <c>composeExtension/query</c> was made, which decides when its tokens are minted
/// (docs/decisions/0018-copilot-queries-and-search-box-typing.md).
/// </summary>
public enum QuerySurface
{
    /// <summary>Copilot: every card it shows has a button the user can click, so each card gets its token now.</summary>
    Copilot,

    /// <summary>
    /// Teams' compose box or command box: one query per keystroke, and only the item the user picks is ever shown
    /// with a button, so nothing is minted until <c>composeExtension/selectItem</c>.
    /// </summary>
    SearchBox,
}

public static class QuerySurfaces
{
    private static readonly string[] SearchBoxNames = ["compose", "commandbox", "message"];

    /// <summary>
    /// <c>channelData.source.name</c> <c>copilot</c> is Copilot; Teams' own names (<c>compose</c>, <c>commandbox</c>,
    /// <c>message</c>), in the source or in <c>value.commandContext</c>, or an <c>initialRun</c>, are the search box.
    /// Anything else is taken for Copilot: its source is observed, not documented, and must never be required.
    /// </summary>
    public static QuerySurface Of(IncomingActivity activity)
    {
        if (string.Equals(activity.SourceName, "copilot", StringComparison.OrdinalIgnoreCase))
        {
            return QuerySurface.Copilot;
        }

        if (IsSearchBoxName(activity.SourceName))
        {
            return QuerySurface.SearchBox;
        }

        if (activity.Value is { ValueKind: JsonValueKind.Object } value
            && value.TryGetProperty("commandContext", out var context) && IsSearchBoxName(ComposeExtensionQuery.Text(context)))
        {
            return QuerySurface.SearchBox;
        }

        return ComposeExtensionQuery.TryRead(activity.Value, out var query, out _) && query.InitialRun
            ? QuerySurface.SearchBox
            : QuerySurface.Copilot;
    }

    private static bool IsSearchBoxName(string? name) =>
        name is not null && SearchBoxNames.Contains(name, StringComparer.OrdinalIgnoreCase);
}
