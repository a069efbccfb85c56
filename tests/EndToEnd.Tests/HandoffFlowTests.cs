using System.Diagnostics;
using System.Net;

namespace Handoff.EndToEnd.Tests;

/// <summary>Copilot query → click → welcome → later turns, through all three services, RabbitMQ and Redis.</summary>
[Collection(TestStreams.Behaviour)]
public sealed class HandoffFlowTests(HandoffSystemFixture system)
{
    [Fact]
    public async Task A_copilot_query_answers_cards_whose_first_card_continues_the_users_request()
    {
        var user = system.NewUser();

        var response = await user.CopilotQueryAsync("write my weekly status update");
        var cards = await TeamsChannel.CardsAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Continue 'write my weekly status update' in chat", cards[0].Title);
        Assert.Contains(cards, card => card.Title == "Write a project status update");
        Assert.All(cards, card =>
        {
            Assert.Equal("teams.microsoft.com", card.Link.Host);
            Assert.Equal("/l/chat/0/0", card.Link.AbsolutePath);
            Assert.StartsWith($"?users=28:{TeamsChannel.BotAppId}&continuation=", card.Link.Query, StringComparison.Ordinal);
        });
        Assert.Equal(cards.Count, cards.Select(card => card.Token).Distinct().Count());
    }

    [Theory]
    [InlineData(TeamsChannel.BotAppId)]
    [InlineData("28:" + TeamsChannel.BotAppId)]
    public async Task The_bot_id_in_the_link_has_one_28_prefix_whatever_copilot_sends(string recipientId)
    {
        var cards = await TeamsChannel.CardsAsync(await system.NewUser().CopilotQueryAsync("plan an offsite", recipientId));

        Assert.All(cards, card => Assert.Contains($"users=28:{TeamsChannel.BotAppId}&", card.Link.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Clicking_a_card_welcomes_the_user_with_their_request_and_later_turns_keep_the_task()
    {
        var user = system.NewUser();
        var cards = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync("write my weekly status update"));

        var clock = Stopwatch.StartNew();
        var click = await user.ClickAsync(cards[0].Token);
        var ackTime = clock.Elapsed;
        var welcome = Assert.Single(await system.Connector.WaitForMessagesAsync(user.ConversationId, 1));
        TestContext.Current.SendDiagnosticMessage($"click ack {ackTime.TotalMilliseconds:F0} ms, welcome {clock.Elapsed.TotalMilliseconds:F0} ms");

        Assert.Equal(HttpStatusCode.OK, click.StatusCode);
        Assert.Empty(await click.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Continuing from Copilot: write my weekly status update", welcome.Text);
        Assert.Contains("step 1 of 4", welcome.CardText, StringComparison.Ordinal);
        Assert.Equal(["👍", "👎"], welcome.Activity["attachments"]![0]!["content"]!["actions"]!.AsArray().Select(action => (string?)action!["title"]));
        Assert.Equal(user.UserId, (string?)welcome.Activity["recipient"]!["id"]);

        await user.SayAsync("where are we?");
        var status = (await system.Connector.WaitForMessagesAsync(user.ConversationId, 2))[1];
        Assert.Contains("write my weekly status update", status.Text, StringComparison.Ordinal);
        Assert.Contains("step 1 of 4", status.Text, StringComparison.Ordinal);

        await user.SayAsync("next");
        var next = (await system.Connector.WaitForMessagesAsync(user.ConversationId, 3))[2];
        Assert.Contains("step 2 of 4", next.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("weiter")]
    [InlineData("suivant")]
    public async Task A_german_or_french_next_moves_the_task_on_whatever_the_locale(string word)
    {
        var user = system.NewUser();
        var cards = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync("write my weekly status update"));
        await user.ClickAsync(cards[0].Token);
        await system.Connector.WaitForMessagesAsync(user.ConversationId, 1);

        await user.SayAsync(word);
        var next = (await system.Connector.WaitForMessagesAsync(user.ConversationId, 2))[1];

        Assert.Contains("step 2 of 4", next.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_german_user_finds_the_catalogues_task_in_german_and_continues_it_in_german()
    {
        var user = system.NewUser();
        user.Locale = "de-DE";
        var cards = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync("Spesenabrechnung für die Reise"));
        var expenses = cards.Single(card => card.Title.Contains("Eine Spesenabrechnung einreichen", StringComparison.Ordinal));

        await user.ClickAsync(expenses.Token);
        var welcome = (await system.Connector.WaitForMessagesAsync(user.ConversationId, 1))[0];
        await user.SayAsync("weiter");
        var next = (await system.Connector.WaitForMessagesAsync(user.ConversationId, 2))[1];

        Assert.Contains("**Eine Spesenabrechnung einreichen**, Schritt 1 von 4: Sammeln Sie alle Belege des Zeitraums.", welcome.CardText, StringComparison.Ordinal);
        Assert.Contains("Schritt 2 von 4: Sortieren Sie sie nach Kategorie und Projekt.", next.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_catalogue_card_resumes_that_task()
    {
        var user = system.NewUser();
        var cards = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync("plan a team offsite"));
        var offsite = cards.Single(card => card.Title == "Plan a team offsite");

        await user.ClickAsync(offsite.Token);
        var welcome = await system.Connector.WaitForMessagesAsync(user.ConversationId, 1);

        Assert.Equal("Continuing from Copilot: plan a team offsite", welcome[0].Text);
        Assert.Contains("**Plan a team offsite**, step 1 of 4: Poll the team", welcome[0].CardText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_elses_token_is_refused_without_their_context_and_still_works_for_its_owner()
    {
        var alice = system.NewUser();
        var mallory = system.NewUser();
        var cards = await TeamsChannel.CardsAsync(await alice.CopilotQueryAsync("file my travel expense report"));

        var stolen = await mallory.ClickAsync(cards[0].Token);
        var refusal = (await system.Connector.WaitForMessagesAsync(mallory.ConversationId, 1))[0];
        await alice.ClickAsync(cards[0].Token);
        var welcome = await system.Connector.WaitForMessagesAsync(alice.ConversationId, 1);

        Assert.Equal(HttpStatusCode.OK, stolen.StatusCode);
        Assert.Contains("made for someone else", refusal.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("expense", refusal.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Continuing from Copilot: file my travel expense report", welcome[0].Text);
    }

    [Fact]
    public async Task A_token_from_another_tenant_with_the_same_user_is_refused()
    {
        var alice = system.NewUser("tenant-a");
        var cards = await TeamsChannel.CardsAsync(await alice.CopilotQueryAsync("onboard the new hire"));
        var sameIdOtherTenant = new TeamsChannel(system.AppHost.MessagesEndpoint, system.Connector.ServiceUrl, "tenant-b");

        await sameIdOtherTenant.PostAsync(WithUser(sameIdOtherTenant.Activity("invoke", "handoff/action",
            new System.Text.Json.Nodes.JsonObject { ["continuation"] = cards[0].Token }), alice.AadObjectId));
        var refusal = (await system.Connector.WaitForMessagesAsync(sameIdOtherTenant.ConversationId, 1))[0];

        Assert.Contains("made for someone else", refusal.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_token_gets_200_and_a_message_to_start_again()
    {
        var user = system.NewUser();

        var click = await user.ClickAsync("this-token-was-never-minted");
        var message = (await system.Connector.WaitForMessagesAsync(user.ConversationId, 1))[0];

        Assert.Equal(HttpStatusCode.OK, click.StatusCode);
        Assert.Contains("don't recognise", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_in_a_chat_without_a_task_explains_how_to_start_from_copilot()
    {
        var user = system.NewUser();

        var response = await user.SayAsync("hello");
        var reply = (await system.Connector.WaitForMessagesAsync(user.ConversationId, 1))[0];

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Microsoft 365 Copilot", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_handoff_into_the_chat_keeps_the_first_task_and_switch_goes_back_to_it()
    {
        var user = system.NewUser();
        var first = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync("plan a team offsite"));
        await user.ClickAsync(first.Single(card => card.Title == "Plan a team offsite").Token);
        await system.Connector.WaitForMessagesAsync(user.ConversationId, 1);
        await user.SayAsync("next");
        await system.Connector.WaitForMessagesAsync(user.ConversationId, 2);

        var second = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync("file my expense report"));
        await user.ClickAsync(second.Single(card => card.Title == "File an expense report").Token);
        var messages = await system.Connector.WaitForMessagesAsync(user.ConversationId, 3);
        await user.SayAsync("switch");
        var switched = (await system.Connector.WaitForMessagesAsync(user.ConversationId, 4))[3];

        Assert.Equal("Continuing from Copilot: file my expense report", messages[2].Text);
        Assert.Contains("step 1 of", messages[2].CardText, StringComparison.Ordinal);
        Assert.Contains("Your earlier task **Plan a team offsite** is kept (step 2 of 4)", messages[2].CardText, StringComparison.Ordinal);
        Assert.Contains("Back to **Plan a team offsite**", switched.Text, StringComparison.Ordinal);
        Assert.Contains("step 2 of 4", switched.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forget_me_erases_the_users_tasks_and_unused_links_and_is_audited_without_the_user()
    {
        var user = system.NewUser();
        var cards = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync("prepare the customer meeting"));
        await user.ClickAsync(cards[0].Token);
        await system.Connector.WaitForMessagesAsync(user.ConversationId, 1);

        await user.SayAsync("forget me");
        var erased = (await system.Connector.WaitForMessagesAsync(user.ConversationId, 2))[1];
        await user.SayAsync("status");
        var status = (await system.Connector.WaitForMessagesAsync(user.ConversationId, 3))[2];
        await user.ClickAsync(cards[1].Token);
        var unused = (await system.Connector.WaitForMessagesAsync(user.ConversationId, 4))[3];

        Assert.StartsWith("Done: I erased everything I kept about you", erased.Text, StringComparison.Ordinal);
        Assert.StartsWith("I don't have a task for this chat yet", status.Text, StringComparison.Ordinal);
        Assert.Contains("don't recognise", unused.Text, StringComparison.Ordinal);
        Assert.True(await system.AppHost.LoggedAsync("requested by the user, in chat", TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), system.AppHost.Output);
        Assert.DoesNotContain(user.AadObjectId, system.AppHost.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_services_logs_never_contain_the_token_the_request_text_or_the_user_ids()
    {
        var user = system.NewUser();
        const string request = "summarise the confidential merger memo for Fabrikam";
        var cards = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync(request));
        await user.ClickAsync(cards[0].Token);
        await system.Connector.WaitForMessagesAsync(user.ConversationId, 1);
        var again = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync(request));
        await user.ClickAsync(again[0].Token);
        await system.Connector.WaitForMessagesAsync(user.ConversationId, 2);
        // The resources' logs trail their answers (DCP's log stream); what a leak would write comes with them.
        Assert.True(await system.AppHost.LoggedAsync("requested by usr:", TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        var logs = system.AppHost.Output;

        Assert.Matches("requested by usr:[0-9a-f]{12} of tenant usr:[0-9a-f]{12}", logs);
        Assert.All(cards.Concat(again), card => Assert.DoesNotContain(card.Token, logs, StringComparison.Ordinal));
        Assert.DoesNotContain("merger memo", logs, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(user.AadObjectId, logs, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(user.UserId, logs, StringComparison.OrdinalIgnoreCase);
    }

    private static System.Text.Json.Nodes.JsonObject WithUser(System.Text.Json.Nodes.JsonObject activity, string aadObjectId)
    {
        activity["from"]!["aadObjectId"] = aadObjectId;
        return activity;
    }
}
