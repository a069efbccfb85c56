using Handoff.BotGateway.Localization;
using System.Buffers;
using System.Text.Json;
using Handoff.Contracts.State;

namespace Handoff.BotGateway.Handoff.Initiation;

/// <summary>
/// The configured <see cref="IHandoffSearch"/> as the handlers use it: at most the count asked for, and never a result
/// the state service would refuse. A result without an id or title, or whose app payload is over
/// <see cref="AppPayloadLimits.MaxBytes"/>, is the search's bug, not the user's: it is left out, with an error in the
/// log naming the search and the result, and the user still gets the other results (ADR 0025). A search that throws
/// (its own service down, say) is logged and becomes <see cref="HandoffSearchFailedException"/>, which the handlers
/// answer with <see cref="Reply.SearchUnavailable"/> instead of a 500.
/// </summary>
public sealed class CheckedHandoffSearch(IHandoffSearch search, ILogger<CheckedHandoffSearch> logger)
{
    public async Task<IReadOnlyList<HandoffSearchResult>> SearchAsync(HandoffSearchQuery query, CancellationToken cancellationToken)
    {
        var results = await Guarded(() => search.SearchAsync(query, cancellationToken)) ?? [];
        return results.Where(Admissible).Take(query.Count).Select(WithoutEmptyPayload).ToList();
    }

    public async Task<HandoffSearchResult?> FindAsync(string resultId, HandoffSearchQuery query, CancellationToken cancellationToken) =>
        await Guarded(() => search.FindAsync(resultId, query, cancellationToken)) is { } found && Admissible(found) ? WithoutEmptyPayload(found) : null;

    /// <summary>The payload's size as the state service counts it: its compact UTF-8 JSON.</summary>
    public static int PayloadBytes(JsonElement payload)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            payload.WriteTo(writer);
        }

        return buffer.WrittenCount;
    }

    private async Task<T> Guarded<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "{Search} failed; the user is told the search is unavailable.", search.GetType().Name);
            throw new HandoffSearchFailedException(search.GetType().Name, exception);
        }
    }

    private bool Admissible(HandoffSearchResult? result)
    {
        if (result?.Item is not { } item || string.IsNullOrWhiteSpace(item.Id) || string.IsNullOrWhiteSpace(item.Title) || item.Steps is null)
        {
            logger.LogError("{Search} returned a result without an id, a title or steps; it is left out.", search.GetType().Name);
            return false;
        }

        if (result.AppPayload is { ValueKind: not JsonValueKind.Undefined } payload && PayloadBytes(payload) is var bytes && bytes > AppPayloadLimits.MaxBytes)
        {
            logger.LogError("{Search} returned result {ResultId} with an app payload of {Bytes} bytes; the limit is {Limit}, so it is left out.",
                search.GetType().Name, item.Id, bytes, AppPayloadLimits.MaxBytes);
            return false;
        }

        return true;
    }

    private static HandoffSearchResult WithoutEmptyPayload(HandoffSearchResult result) =>
        result.AppPayload is { ValueKind: JsonValueKind.Undefined or JsonValueKind.Null } ? result with { AppPayload = null } : result;
}
