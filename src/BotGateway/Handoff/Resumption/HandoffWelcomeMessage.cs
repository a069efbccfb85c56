namespace Handoff.BotGateway.Handoff.Resumption;

/// <summary>
/// A welcome's words: <paramref name="Summary"/> is the activity's text, what Teams shows in notifications and the chat
/// list; <paramref name="Paragraphs"/> (Markdown) are the card's first blocks, before what the gateway adds.
/// </summary>
public sealed record HandoffWelcomeMessage(string Summary, IReadOnlyList<string> Paragraphs);
