namespace Handoff.BotGateway.BotFramework.Connector.Pacing;

/// <summary>Teams' documented Bot Connector limits, as configured: one window per tenant, four per conversation.</summary>
public sealed record PacingLimits(SendWindow Tenant, IReadOnlyList<SendWindow> Conversation)
{
    /// <summary>The longest window: how long a conversation's sends must be remembered.</summary>
    public TimeSpan Memory => Conversation.Select(window => window.Width).Append(Tenant.Width).Max();

    public static PacingLimits From(ConnectorOptions options) => new(
        SendWindow.Of(options.SendsPerSecondPerTenant, TimeSpan.FromSeconds(1), options.PacingGuard),
        [
            SendWindow.Of(options.SendsPerSecondPerConversation, TimeSpan.FromSeconds(1), options.PacingGuard),
            SendWindow.Of(options.SendsPer2SecondsPerConversation, TimeSpan.FromSeconds(2), options.PacingGuard),
            SendWindow.Of(options.SendsPer30SecondsPerConversation, TimeSpan.FromSeconds(30), options.PacingGuard),
            SendWindow.Of(options.SendsPerHourPerConversation, TimeSpan.FromHours(1), options.PacingGuard),
        ]);

    /// <summary>
    /// What one replica may use on its own while the shared pacing is unreachable: the tenant's share over
    /// <paramref name="replicas"/>. A conversation's sends come from the replica that holds its outcome, so its
    /// windows stay whole; the connector's 429 and Retry-After remain the backstop.
    /// </summary>
    public PacingLimits ShareOf(int replicas) =>
        this with { Tenant = Tenant with { Sends = Math.Max(1, Tenant.Sends / replicas) } };
}
