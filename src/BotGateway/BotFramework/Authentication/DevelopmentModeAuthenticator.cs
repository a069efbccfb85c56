namespace Handoff.BotGateway.BotFramework.Authentication;

/// <summary>No MicrosoftAppId, Development environment only (enforced by <see cref="BotIdentityOptionsValidator"/>).</summary>
public sealed class DevelopmentModeAuthenticator : IInboundAuthenticator
{
    public ValueTask<InboundAuthenticationResult> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(InboundAuthenticationResult.Anonymous);
}
