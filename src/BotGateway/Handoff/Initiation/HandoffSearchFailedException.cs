namespace Handoff.BotGateway.Handoff.Initiation;

/// <summary>The configured <see cref="IHandoffSearch"/> threw: already logged, and answered with <see cref="Localization.Reply.SearchUnavailable"/>.</summary>
public sealed class HandoffSearchFailedException(string search, Exception inner) : Exception($"{search} failed.", inner);
