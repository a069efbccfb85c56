namespace Handoff.Samples.TicketDesk.Tickets;

/// <summary>A help-desk ticket as the team's own system knows it.</summary>
public sealed record Ticket(string Id, string Title, string Status, string Owner, IReadOnlyList<string> Keywords);
