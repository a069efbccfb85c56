using System.Net.Http.Json;
using Handoff.Contracts.Diagnostics;
using Handoff.Contracts.State;

namespace Handoff.ConversationState.Tests;

/// <summary>
/// Every ConversationState operation that runs a script, a transaction or a multi-key command, through the HTTP
/// API (the conversation itself as the store reads it: the API does not serve it), written down as one line per
/// answer: two Redis topologies behave the same when their transcripts match.
/// </summary>
internal sealed class StateApiScenario(HttpClient http, string idPrefix, Func<string, Task<ConversationSnapshot>> conversationAsync)
{
    private readonly List<string> _transcript = [];

    public static readonly IReadOnlyList<string> Expected =
    [
        "mint: 2 tokens, 1 token",
        "redeem: task 'write my status update' step 0",
        "redeem with another redemption id: AlreadyUsed, earlier Active step 0, quiet",
        "replay of the same redemption: task 'write my status update' step 0",
        "someone else's token: NotYours",
        "malformed token: Unknown",
        "advance from step 0: 200 task 'write my status update' step 1",
        "advance from step 0 again: 409 task 'write my status update' step 1",
        "turn: 200 with 1 turns",
        "reply: 204",
        "second turn: 200 with 2 turns, history user 'hello', assistant 'Hello! Step 2 is Draft.'",
        "someone else's turn in the same conversation: 200 with 3 turns, history empty",
        "second redeem: task 'draft the roadmap' step 0",
        "switch: 200 task 'write my status update' step 1",
        "typing right after a redemption: False",
        "typing in a quiet conversation: True, then False",
        "claim: Claimed",
        "claim again: InProgress",
        "renew: 204",
        "complete: 204",
        "claim after sent: AlreadySent",
        "renew after sent: 409",
        "journal: 204, then 2 steps",
        "feedback: counted True, then counted False",
        "forget me: 4 records",
        "redeem after forget me: Unknown",
        "conversation after forget me: no task, 0 turns",
    ];

    public async Task<IReadOnlyList<string>> RunAsync()
    {
        var id = Guid.NewGuid().ToString("N");
        var (alice, bob, tenant) = ($"{idPrefix}aad-alice-{id}", $"aad-bob-{id}", $"{idPrefix}tenant-{id}");
        var conversation = Uri.EscapeDataString($"{idPrefix}a:{id}");

        var mine = await PostAsync<StoreContextsResponse>("/handoff-contexts", new StoreContextsRequest(
            [StateTestData.Draft(alice, tenant), StateTestData.Draft(alice, tenant, "draft the roadmap")]));
        var theirs = await PostAsync<StoreContextsResponse>("/handoff-contexts", new StoreContextsRequest([StateTestData.Draft(bob, tenant)]));
        Write($"mint: {mine.Tokens.Count} tokens, {theirs.Tokens.Count} token");

        var redeem = (string token, string redemption) => RedeemAsync(token, alice, tenant, $"{idPrefix}a:{id}", redemption);
        Write($"redeem: {await redeem(mine.Tokens[0].Token, "r-1")}");
        Write($"redeem with another redemption id: {await redeem(mine.Tokens[0].Token, "r-2")}");
        Write($"replay of the same redemption: {await redeem(mine.Tokens[0].Token, "r-1")}");
        Write($"someone else's token: {await redeem(theirs.Tokens[0].Token, "r-3")}");
        Write($"malformed token: {await redeem("not-a-token", "r-4")}");

        Write($"advance from step 0: {await SnapshotAnswerAsync($"/conversations/{conversation}/active-task/advance", new AdvanceStepRequest(0))}");
        Write($"advance from step 0 again: {await SnapshotAnswerAsync($"/conversations/{conversation}/active-task/advance", new AdvanceStepRequest(0))}");
        var turn = await http.PostAsJsonAsync($"/conversations/{conversation}/turns", new RecordTurnRequest("hello", alice, tenant), Cancel);
        Write($"turn: {(int)turn.StatusCode} with {(await turn.Content.ReadFromJsonAsync<ConversationSnapshot>(Cancel))!.TurnCount} turns");
        var reply = await http.PostAsJsonAsync($"/conversations/{conversation}/replies", new RecordReplyRequest("Hello! Step 2 is Draft.", alice, tenant), Cancel);
        Write($"reply: {(int)reply.StatusCode}");
        Write($"second turn: {await TurnAnswerAsync(conversation, new RecordTurnRequest("next", alice, tenant))}");
        Write($"someone else's turn in the same conversation: {await TurnAnswerAsync(conversation, new RecordTurnRequest("what is this?", bob, tenant))}");
        Write($"second redeem: {await redeem(mine.Tokens[1].Token, "r-5")}");
        Write($"switch: {await SnapshotAnswerAsync($"/conversations/{conversation}/active-task/switch", null)}");

        Write($"typing right after a redemption: {(await PostAsync<TypingClaimResponse>($"/conversations/{conversation}/typing", null)).Send}");
        var quiet = Uri.EscapeDataString($"{idPrefix}a:quiet-{id}");
        var typing = await PostAsync<TypingClaimResponse>($"/conversations/{quiet}/typing", null);
        Write($"typing in a quiet conversation: {typing.Send}, then {(await PostAsync<TypingClaimResponse>($"/conversations/{quiet}/typing", null)).Send}");

        var delivery = $"/outcome-deliveries/{Uri.EscapeDataString($"{idPrefix}delivery-{id}")}";
        Write($"claim: {(await PostAsync<DeliveryClaimResponse>($"{delivery}/claim", null)).Claim}");
        Write($"claim again: {(await PostAsync<DeliveryClaimResponse>($"{delivery}/claim", null)).Claim}");
        Write($"renew: {(int)(await http.PostAsync($"{delivery}/renew", null, Cancel)).StatusCode}");
        Write($"complete: {(int)(await http.PostAsync($"{delivery}/complete", null, Cancel)).StatusCode}");
        Write($"claim after sent: {(await PostAsync<DeliveryClaimResponse>($"{delivery}/claim", null)).Claim}");
        Write($"renew after sent: {(int)(await http.PostAsync($"{delivery}/renew", null, Cancel)).StatusCode}");

        var reference = HandoffReference.ForToken(mine.Tokens[0].Token);
        var appended = await http.PostAsJsonAsync("/handoff-journal", new RecordHandoffStepsRequest(
        [
            new HandoffStep(reference, HandoffSteps.ClickReceived, "test", DateTimeOffset.UtcNow),
            new HandoffStep(reference, HandoffSteps.Redeemed, "test", DateTimeOffset.UtcNow.AddMilliseconds(1)),
        ]), Cancel);
        var journal = await http.GetFromJsonAsync<HandoffJournal>($"/handoff-journal/{reference}", Cancel);
        Write($"journal: {(int)appended.StatusCode}, then {journal!.Steps.Count} steps");
        var first = await PostAsync<FeedbackVoteResponse>($"/handoff-journal/{reference}/feedback", new FeedbackVoteRequest("up"));
        var second = await PostAsync<FeedbackVoteResponse>($"/handoff-journal/{reference}/feedback", new FeedbackVoteRequest("down"));
        Write($"feedback: counted {first.Counted}, then counted {second.Counted}");

        var forgotten = await http.DeleteAsync($"/users/{Uri.EscapeDataString(tenant)}/{Uri.EscapeDataString(alice)}?requestedBy=user", Cancel);
        Assert.True(forgotten.IsSuccessStatusCode, $"forget me answered {(int)forgotten.StatusCode}");
        Write($"forget me: {(await forgotten.Content.ReadFromJsonAsync<ForgetUserResponse>(Cancel))!.RecordsErased} records");
        Write($"redeem after forget me: {await redeem(mine.Tokens[0].Token, "r-1")}");
        var after = await conversationAsync(conversation);
        Write($"conversation after forget me: {(after.ActiveTask is null ? "no task" : "a task")}, {after.TurnCount} turns");
        return _transcript;
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private void Write(string line) => _transcript.Add(line);

    private async Task<string> RedeemAsync(string token, string user, string tenant, string conversation, string redemption)
    {
        var response = await PostAsync<RedeemTokenResponse>("/handoff-tokens/redeem", new RedeemTokenRequest(token, user, tenant, conversation, redemption));
        return response switch
        {
            { Task: { } task } => $"task '{task.Context.RequestText}' step {task.StepIndex}",
            { Earlier: { } earlier } => $"{response.Rejection}, earlier {earlier.Standing} step {earlier.StepIndex}, {(earlier.Notify ? "notify" : "quiet")}",
            _ => $"{response.Rejection}",
        };
    }

    private async Task<string> TurnAnswerAsync(string conversation, RecordTurnRequest request)
    {
        var response = await http.PostAsJsonAsync($"/conversations/{conversation}/turns", request, Cancel);
        var snapshot = (await response.Content.ReadFromJsonAsync<ConversationSnapshot>(Cancel))!;
        var history = snapshot.History is { Count: > 0 } messages ? string.Join(", ", messages.Select(message => $"{message.Role} '{message.Text}'")) : "empty";
        return $"{(int)response.StatusCode} with {snapshot.TurnCount} turns, history {history}";
    }

    private async Task<string> SnapshotAnswerAsync(string path, object? body)
    {
        var response = body is null ? await http.PostAsync(path, null, Cancel) : await http.PostAsJsonAsync(path, body, Cancel);
        var snapshot = await response.Content.ReadFromJsonAsync<ConversationSnapshot>(Cancel);
        return snapshot?.ActiveTask is { } task
            ? $"{(int)response.StatusCode} task '{task.Context.RequestText}' step {task.StepIndex}"
            : $"{(int)response.StatusCode}";
    }

    private async Task<T> PostAsync<T>(string path, object? body)
    {
        var response = body is null ? await http.PostAsync(path, null, Cancel) : await http.PostAsJsonAsync(path, body, Cancel);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Cancel)}");
        return (await response.Content.ReadFromJsonAsync<T>(Cancel))!;
    }
}
