namespace Handoff.BotGateway.BotFramework.Connector;

/// <summary>
/// The bearer token for calls to the Bot Connector. None in development mode; the client-credentials flow
/// (MSAL) plugs in here for a real registration.
/// </summary>
public interface IConnectorCredentials
{
    ValueTask<string?> GetAccessTokenAsync(CancellationToken cancellationToken);
}

public sealed class DevelopmentConnectorCredentials : IConnectorCredentials
{
    public ValueTask<string?> GetAccessTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
}
