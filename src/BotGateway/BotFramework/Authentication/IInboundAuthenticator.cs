namespace Handoff.BotGateway.BotFramework.Authentication;

/// <summary>
/// Decides whether a request to <c>/api/messages</c> comes from the channel, before its body is read.
/// What can be checked only against the activity (endorsements, serviceurl) is checked afterwards with
/// <see cref="InboundAuthenticationResult.Authorize"/>.
/// </summary>
public interface IInboundAuthenticator
{
    ValueTask<InboundAuthenticationResult> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken);
}
