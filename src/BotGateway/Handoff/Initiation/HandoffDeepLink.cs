namespace Handoff.BotGateway.Handoff.Initiation;

/// <summary>
/// The one place the handoff deep link is built (PROTOCOL.md §1): <c>users=28:{botId}</c> is a preview form
/// the general deep-link page does not document, so it may change.
/// </summary>
public static class HandoffDeepLink
{
    /// <summary>Our own budget; an early draft of the docs named 2,048 characters.</summary>
    public const int MaxLength = 2048;

    public const string DefaultHost = "teams.microsoft.com";

    private const string BotIdPrefix = "28:";

    /// <param name="host">The Teams web host (<see cref="DeepLinkOptions.DeepLinkHost"/>), checked at start-up.</param>
    public static Uri Build(string botId, string continuationToken, string host = DefaultHost)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(botId);
        ArgumentException.ThrowIfNullOrWhiteSpace(continuationToken);
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        var url = "https://" + host + "/l/chat/0/0?users=" + BotIdPrefix + Uri.EscapeDataString(NormalizeBotId(botId))
            + "&continuation=" + Uri.EscapeDataString(continuationToken);
        if (url.Length > MaxLength)
        {
            throw new ArgumentException($"The deep link would be {url.Length} characters; the budget is {MaxLength}.", nameof(continuationToken));
        }

        return new Uri(url);
    }

    /// <summary>The bot's app id without the <c>28:</c> prefix, which Copilot's <c>recipient.id</c> may lack or carry.</summary>
    public static string NormalizeBotId(string botId) =>
        botId.StartsWith(BotIdPrefix, StringComparison.Ordinal) ? botId[BotIdPrefix.Length..] : botId;
}
