using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Handoff.Contracts.Diagnostics;

namespace Handoff.EndToEnd.Tests;

/// <summary>One handoff followed by its reference: the journal every service writes, the admin endpoint, the user's feedback.</summary>
[Collection(TestStreams.Behaviour)]
public sealed class DiagnosticsTests(HandoffSystemFixture system)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task Support_reads_a_handoff_step_by_step_from_its_reference_without_personal_data()
    {
        var user = system.NewUser();
        var cards = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync("draft the quarterly board memo"));
        await user.ClickAsync(cards[0].Token);
        var welcome = await system.Connector.WaitForMessagesAsync(user.ConversationId, 1);
        var vote = welcome[0].Activity["attachments"]![0]!["content"]!["actions"]![0]!["data"]!.AsObject();
        var reference = (string)vote["reference"]!;

        var journal = await WaitForStepAsync(reference, HandoffSteps.WelcomeSent);
        var body = journal.ToJsonString();

        Assert.Equal(HandoffReference.ForToken(cards[0].Token), reference);
        Assert.Equal("welcomed", (string?)vote["reason"]);
        var steps = journal["steps"]!.AsArray().Select(step => (string)step!["step"]!).ToList();
        // Published and redeemed may swap: HandoffService can redeem before the broker's confirm reaches the gateway.
        Assert.Equal([HandoffSteps.QueryAnswered, HandoffSteps.ClickReceived], steps.Take(2));
        Assert.Equal(HandoffSteps.WelcomeSent, steps[^1]);
        Assert.Equal([HandoffSteps.ClickPublished, HandoffSteps.Redeemed], steps.Skip(2).Take(2).Order(StringComparer.Ordinal));
        Assert.Contains("\"service\":\"HandoffService\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("board memo", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(user.AadObjectId, body, StringComparison.Ordinal);
        Assert.DoesNotContain(user.UserId, body, StringComparison.Ordinal);
        Assert.DoesNotContain(user.TenantId, body, StringComparison.Ordinal);
        Assert.True(await system.AppHost.LoggedAsync($"ref {reference}", TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), system.AppHost.Output);
    }

    [Fact]
    public async Task A_refused_handoff_shows_its_reference_and_the_journal_says_why()
    {
        var user = system.NewUser();
        var cards = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync("book the team lunch"));
        await user.ClickAsync(cards[0].Token);
        await system.Connector.WaitForMessagesAsync(user.ConversationId, 1);

        var someoneElse = system.NewUser();
        await someoneElse.ClickAsync(cards[0].Token);
        var refusal = (await system.Connector.WaitForMessagesAsync(someoneElse.ConversationId, 1))[0];
        var reference = HandoffReference.ForToken(cards[0].Token);
        var journal = await WaitForStepAsync(reference, HandoffSteps.RejectionSent);

        Assert.Contains($"Ref: {reference}", refusal.Activity.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(journal["steps"]!.AsArray(), step => (string)step!["step"]! == HandoffSteps.Rejected && (string?)step["detail"] == "reason not_yours");
    }

    [Fact]
    public async Task A_thumbs_up_is_thanked_and_a_second_vote_on_the_same_handoff_is_not_counted_again()
    {
        var user = system.NewUser();
        var cards = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync("plan the sprint review"));
        await user.ClickAsync(cards[0].Token);
        await system.Connector.WaitForMessagesAsync(user.ConversationId, 1);
        var reference = HandoffReference.ForToken(cards[0].Token);

        var first = await user.PostAsync(Submit(user, "up", reference));
        var second = await user.PostAsync(Submit(user, "down", reference));
        var replies = await system.Connector.WaitForMessagesAsync(user.ConversationId, 3);
        var malformed = await user.PostAsync(Submit(user, "sideways", reference));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(["Thanks for telling us.", "Thanks, I already have your feedback on that one."], replies.Skip(1).Select(reply => reply.Text));
        var journal = await WaitForStepAsync(reference, HandoffSteps.Feedback);
        Assert.Single(journal["steps"]!.AsArray(), step => (string)step!["step"]! == HandoffSteps.Feedback);
    }

    [Fact]
    public async Task The_diagnostics_endpoint_needs_the_admin_key_and_answers_404_or_400_with_a_reason()
    {
        var unknown = await GetAsync(HandoffReference.ForToken("never minted"));
        var malformed = await GetAsync("not*a*reference");
        var anonymous = await Http.GetAsync(new Uri(system.AppHost.MessagesEndpoint, $"/admin/handoffs/{HandoffReference.ForToken("x")}"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("Nothing is known of handoff", await unknown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private static JsonObject Submit(TeamsChannel user, string vote, string reference)
    {
        var activity = user.Activity("message", null, new JsonObject { ["handoffFeedback"] = vote, ["reference"] = reference, ["reason"] = "welcomed" });
        return activity;
    }

    private async Task<HttpResponseMessage> GetAsync(string reference)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(system.AppHost.MessagesEndpoint, $"/admin/handoffs/{reference}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", HandoffSystemFixture.AdminKey);
        return await Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Journal steps are written in the background: wait until <paramref name="step"/> is there.</summary>
    private async Task<JsonNode> WaitForStepAsync(string reference, string step)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var response = await GetAsync(reference);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            if (response.StatusCode == HttpStatusCode.OK && JsonNode.Parse(body)!["steps"]!.AsArray().Any(entry => (string)entry!["step"]! == step))
            {
                return JsonNode.Parse(body)!;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(15))
            {
                throw new TimeoutException($"Handoff {reference} has no step {step} after 15 s: {(int)response.StatusCode} {body}");
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
