namespace Handoff.BotGateway.BotFramework.Authentication;

/// <summary>
/// Decides whether a request to <c>/api/messages</c> comes from the channel, before its body is read.
/// Development mode accepts every request; Bot Framework JWT validation plugs in here.
/// </summary>
public interface IInboundAuthenticator
{
    ValueTask<InboundAuthenticationResult> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken);
}

public sealed record InboundAuthenticationResult(bool Succeeded, int StatusCode, string? Reason)
{
    public static readonly InboundAuthenticationResult Anonymous = new(true, StatusCodes.Status200OK, null);
}
