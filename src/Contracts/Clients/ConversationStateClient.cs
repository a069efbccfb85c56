using System.Net;
using System.Net.Http.Json;
using Handoff.Contracts.State;

namespace Handoff.Contracts.Clients;

/// <summary>
/// The typed client of the ConversationState API, the only owner of the Redis keys. Its base address is
/// <c>http://conversationstate</c>, resolved by service discovery.
/// </summary>
public sealed class ConversationStateClient(HttpClient http)
{
    public static readonly Uri BaseAddress = new($"http://{ResourceNames.ConversationState}");

    public async Task<StoreContextsResponse> StoreContextsAsync(StoreContextsRequest request, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/handoff-contexts", request, ContractsJson.Default.StoreContextsRequest, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync(ContractsJson.Default.StoreContextsResponse, cancellationToken))!;
    }

    public async Task<RedeemTokenResponse> RedeemAsync(RedeemTokenRequest request, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/handoff-tokens/redeem", request, ContractsJson.Default.RedeemTokenRequest, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync(ContractsJson.Default.RedeemTokenResponse, cancellationToken))!;
    }

    public async Task<ConversationSnapshot> GetConversationAsync(string conversationId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"/conversations/{Uri.EscapeDataString(conversationId)}", cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync(ContractsJson.Default.ConversationSnapshot, cancellationToken))!;
    }

    /// <summary>Moves the active task on one step. Null when there is no active task; the current state when another turn moved it first.</summary>
    public async Task<ConversationSnapshot?> AdvanceAsync(string conversationId, int expectedStepIndex, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(
            $"/conversations/{Uri.EscapeDataString(conversationId)}/active-task/advance",
            new AdvanceStepRequest(expectedStepIndex), ContractsJson.Default.AdvanceStepRequest, cancellationToken);
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

    public async Task<DeliveryClaim> ClaimDeliveryAsync(string deliveryId, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync($"/outcome-deliveries/{Uri.EscapeDataString(deliveryId)}/claim", null, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync(ContractsJson.Default.DeliveryClaimResponse, cancellationToken))!.Claim;
    }

    public async Task CompleteDeliveryAsync(string deliveryId, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync($"/outcome-deliveries/{Uri.EscapeDataString(deliveryId)}/complete", null, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    public async Task ReleaseDeliveryAsync(string deliveryId, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync($"/outcome-deliveries/{Uri.EscapeDataString(deliveryId)}", cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
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
public sealed class ConversationStateException(HttpStatusCode status, string detail)
    : Exception($"ConversationState answered {(int)status}: {detail}")
{
    public HttpStatusCode Status { get; } = status;

    public bool IsTransient => Status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout or HttpStatusCode.BadGateway;
}
