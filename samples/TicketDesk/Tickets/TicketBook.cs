namespace Handoff.Samples.TicketDesk.Tickets;

/// <summary>The team's ticket system, here a few tickets in memory: a real bot would call its own API.</summary>
public sealed class TicketBook
{
    private readonly IReadOnlyList<Ticket> _tickets =
    [
        new("T-123", "VPN drops every hour", "waiting on the network team", "Priya (network)", ["vpn", "network", "drops", "connection"]),
        new("T-124", "Laptop battery is swelling", "replacement ordered, arriving Thursday", "Sam (hardware)", ["laptop", "battery", "hardware"]),
        new("T-131", "Access to the finance share", "approved, applies tonight", "Alex (access)", ["access", "finance", "share", "permission"]),
    ];

    public Ticket? Find(string id) => _tickets.FirstOrDefault(ticket => string.Equals(ticket.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The tickets whose id or keywords the text mentions; with no text, every ticket.</summary>
    public IReadOnlyList<Ticket> Search(string text)
    {
        var words = text.ToLowerInvariant().Split([' ', ',', '.', '?', '!'], StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 0
            ? _tickets
            : _tickets.Where(ticket => words.Any(word => ticket.Id.Equals(word, StringComparison.OrdinalIgnoreCase) || ticket.Keywords.Contains(word))).ToList();
    }
}
