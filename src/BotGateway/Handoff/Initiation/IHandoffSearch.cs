namespace Handoff.BotGateway.Handoff.Initiation;

/// <summary>
/// What the message extension's search returns: the extension point a team replaces with its own
/// (<c>builder.Services.AddHandoffSearch&lt;TSearch&gt;()</c>). The default, <see cref="CatalogueSearch"/>, offers the
/// user's own request and then the task catalogue. The gateway turns each result into a card and, where the user
/// can click it, a stored context carrying the result's app payload.
/// </summary>
/// <remarks>
/// Created for each use (transient), so it may take typed <c>HttpClient</c>s; keep shared state in a singleton of its own.
/// </remarks>
public interface IHandoffSearch
{
    /// <summary>The results for a query, best first; at most <see cref="HandoffSearchQuery.Count"/> are shown.</summary>
    Task<IReadOnlyList<HandoffSearchResult>> SearchAsync(HandoffSearchQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// The result with this <see cref="Contracts.State.TaskItem.Id"/>, found again when the user picks it in Teams'
    /// search box (results there carry only the id and the request, never the payload, which the client could alter);
    /// null when it is gone. <paramref name="query"/> has the request text it was found for.
    /// </summary>
    Task<HandoffSearchResult?> FindAsync(string resultId, HandoffSearchQuery query, CancellationToken cancellationToken);
}
