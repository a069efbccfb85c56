namespace Handoff.Contracts.State;

/// <summary>The item the user chose on a Copilot card: their own request, or a task from the catalogue.</summary>
public sealed record TaskItem(string Id, string Title, string Description, IReadOnlyList<string> Steps);
