namespace Handoff.BotGateway.BotFramework.Connector;

/// <summary>The connector did not answer one attempt within <see cref="ConnectorOptions.AttemptTimeout"/>; the retry pipeline tries again.</summary>
public sealed class ConnectorAttemptTimeoutException(TimeSpan timeout)
    : TimeoutException($"The Bot Connector did not answer within {timeout.TotalSeconds:0.#} s.");
