using System.Net;
using System.Net.Http.Json;
using Handoff.Contracts.Diagnostics;
using Handoff.Contracts.State;

namespace Handoff.Contracts.Clients;

/// <summary>
/// The typed client of the ConversationState API, the only owner of the Redis keys. Its base address is
/// <c>http://conversationstate</c>, resolved by service discovery.
/// </summary>
public sealed class ConversationStateClient(HttpClient http)
{
    public static readonly Uri BaseAddress = new($"http://{ResourceNames.ConversationState}");

    /// <summary>
    /// A mint that timed out is not sent again (it may have succeeded) and the Copilot user sees the query fail, so it waits
    /// longer than other calls: Teams gives the query's turn 15 s, and the search before it has taken some of them.
    /// Seen in CI, where a cold state service on a busy machine took over 3 s to answer the first query.
    /// </summary>
    public static readonly TimeSpan StoreContextsAttemptTimeout = TimeSpan.FromSeconds(8);

    public async Task<StoreContextsResponse> StoreContextsAsync(StoreContextsRequest request, CancellationToken cancellationToken)
    {
        using var response = await CallAsync(async () =>
        {
            using var store = new HttpRequestMessage(HttpMethod.Post, "/handoff-contexts")
            {
                Content = JsonContent.Create(request, ContractsJson.Default.StoreContextsRequest),
            };
            store.Options.Set(InClusterCallOptions.AttemptTimeout, StoreContextsAttemptTimeout);
            return await http.SendAsync(store, cancellationToken);
        }, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync(ContractsJson.Default.StoreContextsResponse, cancellationToken))!;
    }

    public async Task<RedeemTokenResponse> RedeemAsync(RedeemTokenRequest request, CancellationToken cancellationToken)
    {
        using var response = await CallAsync(() => http.PostAsJsonAsync("/handoff-tokens/redeem", request, ContractsJson.Default.RedeemTokenRequest, cancellationToken), cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync(ContractsJson.Default.RedeemTokenResponse, cancellationToken))!;
    }

    /// <summary>Records the user's turn and returns the conversation as it stands, with their history before this turn, in one round trip.</summary>
    public async Task<ConversationSnapshot> RecordTurnAsync(string conversationId, RecordTurnRequest request, CancellationToken cancellationToken)
    {
        using var response = await CallAsync(() => http.PostAsJsonAsync($"/conversations/{Uri.EscapeDataString(conversationId)}/turns",
            request, ContractsJson.Default.RecordTurnRequest, cancellationToken), cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync(ContractsJson.Default.ConversationSnapshot, cancellationToken))!;
    }

    /// <summary>Records the bot's answer in the user's history of the conversation, which the next turn's snapshot returns.</summary>
    public async Task RecordReplyAsync(string conversationId, RecordReplyRequest request, CancellationToken cancellationToken)
    {
        using var response = await CallAsync(() => http.PostAsJsonAsync($"/conversations/{Uri.EscapeDataString(conversationId)}/replies",
            request, ContractsJson.Default.RecordReplyRequest, cancellationToken), cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>Swaps the active and the previous task; null when there is no previous task.</summary>
    public async Task<ConversationSnapshot?> SwitchToPreviousAsync(string conversationId, CancellationToken cancellationToken)
    {
        using var response = await CallAsync(() => http.PostAsync($"/conversations/{Uri.EscapeDataString(conversationId)}/active-task/switch", null, cancellationToken), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync(ContractsJson.Default.ConversationSnapshot, cancellationToken);
    }

    /// <summary>"Forget me": erases the user's contexts and conversation state; <paramref name="requestedBy"/> is recorded in the audit.</summary>
    public async Task<long> ForgetUserAsync(string tenantId, string userAadObjectId, string requestedBy, CancellationToken cancellationToken)
    {
        using var response = await CallAsync(() => http.DeleteAsync(
            $"/users/{Uri.EscapeDataString(tenantId)}/{Uri.EscapeDataString(userAadObjectId)}?requestedBy={Uri.EscapeDataString(requestedBy)}", cancellationToken), cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync(ContractsJson.Default.ForgetUserResponse, cancellationToken))!.RecordsErased;
    }

    /// <summary>Moves the active task on one step. Null when there is no active task; the current state when another turn moved it first.</summary>
    public async Task<ConversationSnapshot?> AdvanceAsync(string conversationId, int expectedStepIndex, CancellationToken cancellationToken)
    {
        using var response = await CallAsync(() => http.PostAsJsonAsync(
            $"/conversations/{Uri.EscapeDataString(conversationId)}/active-task/advance",
            new AdvanceStepRequest(expectedStepIndex), ContractsJson.Default.AdvanceStepRequest, cancellationToken), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (response.StatusCode != HttpStatusCode.Conflict)
        {
            await EnsureSuccessAsync(response, cancellationToken);
        }

        return await response.Content.ReadFromJsonAsync(ContractsJson.Default.ConversationSnapshot, cancellationToken);
    }

    /// <summary>Whether to show a typing indicator for a click still unanswered (see <see cref="TypingClaimResponse"/>).</summary>
    public async Task<bool> ClaimTypingAsync(string conversationId, CancellationToken cancellationToken)
    {
        using var response = await CallAsync(() => http.PostAsync($"/conversations/{Uri.EscapeDataString(conversationId)}/typing", null, cancellationToken), cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync(ContractsJson.Default.TypingClaimResponse, cancellationToken))!.Send;
    }

    /// <param name="sent">Deliveries this caller has sent since its last call: marked sent in the same round trip (see <see cref="ClaimDeliveryRequest"/>).</param>
    public async Task<DeliveryClaim> ClaimDeliveryAsync(string deliveryId, IReadOnlyList<string> sent, CancellationToken cancellationToken) =>
        (await ClaimDeliveryAsync(deliveryId, new ClaimDeliveryRequest(sent), cancellationToken)).Claim;

    /// <param name="request">The marks it carries, and for a notice the task the answer carries once claimed (<see cref="DeliveryClaimResponse"/>).</param>
    public async Task<DeliveryClaimResponse> ClaimDeliveryAsync(string deliveryId, ClaimDeliveryRequest request, CancellationToken cancellationToken)
    {
        var path = $"/outcome-deliveries/{Uri.EscapeDataString(deliveryId)}/claim";
        using var response = await CallAsync(() => request is { Sent.Count: 0, TaskOf: null, EarlierOf: null, Holder: null }
            ? http.PostAsync(path, null, cancellationToken)
            : http.PostAsJsonAsync(path, request, ContractsJson.Default.ClaimDeliveryRequest, cancellationToken), cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync(ContractsJson.Default.DeliveryClaimResponse, cancellationToken))!;
    }

    public async Task CompleteDeliveryAsync(string deliveryId, CancellationToken cancellationToken)
    {
        using var response = await CallAsync(() => http.PostAsync($"/outcome-deliveries/{Uri.EscapeDataString(deliveryId)}/complete", null, cancellationToken), cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>Extends a claim while its outcome is being sent; false when the claim is no longer held.</summary>
    public async Task<bool> RenewDeliveryAsync(string deliveryId, CancellationToken cancellationToken)
    {
        using var response = await CallAsync(() => http.PostAsync($"/outcome-deliveries/{Uri.EscapeDataString(deliveryId)}/renew", null, cancellationToken), cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            return false;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return true;
    }

    public async Task ReleaseDeliveryAsync(string deliveryId, CancellationToken cancellationToken)
    {
        using var response = await CallAsync(() => http.DeleteAsync($"/outcome-deliveries/{Uri.EscapeDataString(deliveryId)}", cancellationToken), cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    public async Task RecordStepsAsync(IReadOnlyList<HandoffStep> steps, CancellationToken cancellationToken)
    {
        using var response = await CallAsync(() => http.PostAsJsonAsync("/handoff-journal", new RecordHandoffStepsRequest(steps),
            ContractsJson.Default.RecordHandoffStepsRequest, cancellationToken), cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>The handoff's journal; null when nothing is known of it (never seen, or older than the journal keeps).</summary>
    public async Task<HandoffJournal?> GetJournalAsync(string reference, CancellationToken cancellationToken)
    {
        using var response = await CallAsync(() => http.GetAsync($"/handoff-journal/{Uri.EscapeDataString(reference)}", cancellationToken), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync(ContractsJson.Default.HandoffJournal, cancellationToken);
    }

    /// <summary>Records a 👍/👎 once per handoff: false when the handoff already had a vote.</summary>
    public async Task<bool> RecordFeedbackAsync(string reference, string vote, CancellationToken cancellationToken)
    {
        using var response = await CallAsync(() => http.PostAsJsonAsync($"/handoff-journal/{Uri.EscapeDataString(reference)}/feedback",
            new FeedbackVoteRequest(vote), ContractsJson.Default.FeedbackVoteRequest, cancellationToken), cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync(ContractsJson.Default.FeedbackVoteResponse, cancellationToken))!.Counted;
    }

    /// <summary>
    /// Unreachable or timed out: all the same to callers, a 503 they can retry. Callers then handle one exception
    /// type, whatever the HTTP stack threw.
    /// </summary>
    private static async Task<HttpResponseMessage> CallAsync(Func<Task<HttpResponseMessage>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested
                                          && exception is HttpRequestException or TaskCanceledException or TimeoutException)
        {
            throw new ConversationStateException(HttpStatusCode.ServiceUnavailable, $"unreachable ({Causes(exception)})", exception);
        }
    }

    /// <summary>The exception and what caused it, outermost first: "Error while copying content" alone does not say why.</summary>
    private static string Causes(Exception exception)
    {
        var causes = new List<string>();
        for (var cause = exception; cause is not null && causes.Count < 4; cause = cause.InnerException)
        {
            causes.Add($"{cause.GetType().Name}: {cause.Message}");
        }

        return string.Join(" ← ", causes);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new ConversationStateException(response.StatusCode, body.Length > 500 ? body[..500] : body);
    }
}

/// <summary>ConversationState answered with an error. 503 means Redis is unavailable: retry later.</summary>
public sealed class ConversationStateException(HttpStatusCode status, string detail, Exception? inner = null)
    : Exception($"ConversationState answered {(int)status}: {detail}", inner)
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>The answer's body (a problem details document, at most 500 characters) or why there was none.</summary>
    public string Detail { get; } = detail;

    public bool IsTransient => Status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout or HttpStatusCode.BadGateway;
}
