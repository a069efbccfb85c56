using Handoff.BotGateway.Handoff.Resumption;
using Handoff.BotGateway.Localization;
using Handoff.Contracts.Events;
using Handoff.Contracts.State;

namespace Handoff.BotGateway.Tests;

public sealed class HandoffMessagesTests
{
    private static readonly HandoffRejectionReason[] Reasons = Enum.GetValues<HandoffRejectionReason>();

    [Fact]
    public void Every_reason_code_has_its_own_message_and_metric_tag()
    {
        Assert.Equal(Reasons.Length, Reasons.Select(reason => HandoffMessages.ForRejection(reason, ReplyLanguage.English)).Distinct().Count());
        Assert.Equal(Reasons.Length, Reasons.Select(OutcomeTags.Of).Distinct().Count());
        Assert.All(Reasons.Select(OutcomeTags.Of), tag => Assert.Matches("^[a-z_]+$", tag));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    [InlineData("fr")]
    public void Every_reason_code_has_its_own_message_in_every_language(string language) =>
        Assert.Equal(Reasons.Length, Reasons.Select(reason => HandoffMessages.ForRejection(reason, ReplyLanguage.For(language))).Distinct().Count());

    [Fact]
    public void A_rejection_in_French_is_French_from_its_text_to_its_button_and_keeps_the_reference_as_support_reads_it()
    {
        var french = ReplyLanguage.For("fr-CA");

        var message = HandoffMessages.RejectionMessage(HandoffRejectionReason.NotYours, french, "https://c/", "H7K2M-9QXDA");
        var card = Assert.Single(message.Attachments!)["content"]!;

        Assert.Equal(HandoffMessages.ForRejection(HandoffRejectionReason.NotYours, french), (string)card["body"]![0]!["text"]!);
        Assert.StartsWith("Ce lien Copilot a été créé pour quelqu'un d'autre", (string)card["body"]![0]!["text"]!, StringComparison.Ordinal);
        Assert.Equal("Ref: H7K2M-9QXDA", (string)card["body"]![1]!["text"]!);
        Assert.Equal("Ouvrir Copilot", (string)card["actions"]![0]!["title"]!);
        Assert.Equal("fr-CA", message.Locale);
    }

    [Fact]
    public void Every_rejection_says_what_to_do_next()
    {
        Assert.All(Reasons.Select(reason => HandoffMessages.ForRejection(reason, ReplyLanguage.English)), text =>
            Assert.Matches("(Open Copilot|open the same link again|ask your admin)", text));
    }

    [Fact]
    public void The_welcome_names_the_request_and_the_next_step_names_the_task()
    {
        var task = new ActiveTask(new HandoffContext("plan the offsite", "continueInChat",
            new TaskItem("offsite-plan", "Plan a team offsite", "d", ["Poll dates", "Book"]), "u", "t", "en-US",
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow), 0, DateTimeOffset.UtcNow);

        Assert.Equal("Continuing from Copilot: plan the offsite", HandoffMessages.Continuing(task, ReplyLanguage.English));
        Assert.Contains("Plan a team offsite", HandoffMessages.NextStep(task, ReplyLanguage.English), StringComparison.Ordinal);
        Assert.Contains("step 1 of 2: Poll dates", HandoffMessages.NextStep(task, ReplyLanguage.English), StringComparison.Ordinal);
        Assert.Contains("is done", HandoffMessages.NextStep(task with { StepIndex = 2 }, ReplyLanguage.English), StringComparison.Ordinal);
    }

    [Fact]
    public void The_welcome_is_one_message_holding_the_request_the_next_step_the_kept_task_and_the_feedback_buttons()
    {
        var previous = new PreviousTask(Context("expenses", "File my expenses", ["Collect receipts", "Submit"]), 1);
        var task = new ActiveTask(Context("offsite-plan", "Plan a team offsite", ["Poll dates", "Book"]), 0, DateTimeOffset.UtcNow, previous);

        var welcome = HandoffMessages.Welcome(task, ReplyLanguage.English, "H7K2M-9QXDA");
        var card = Assert.Single(welcome.Attachments!)["content"]!;
        var texts = card["body"]!.AsArray().Select(block => (string)block!["text"]!).ToList();

        Assert.Equal("message", welcome.Type);
        Assert.Equal("Continuing from Copilot: plan the offsite", welcome.Text);
        Assert.Equal(
            [HandoffMessages.NextStep(task, ReplyLanguage.English), HandoffMessages.PreviousKept(task, ReplyLanguage.English)!, ReplyLanguage.English.Text(Reply.FeedbackQuestion), "Ref: H7K2M-9QXDA"],
            texts);
        Assert.Contains("step 2 of 2", texts[1], StringComparison.Ordinal);
        Assert.Equal(["👍", "👎"], card["actions"]!.AsArray().Select(action => (string)action!["title"]!));
    }

    [Fact]
    public void A_welcome_without_a_reference_or_an_earlier_task_is_still_one_message_with_the_next_step()
    {
        var task = new ActiveTask(Context("offsite-plan", "Plan a team offsite", ["Poll dates", "Book"]), 0, DateTimeOffset.UtcNow);

        var welcome = HandoffMessages.Welcome(task, ReplyLanguage.English, reference: null);
        var card = Assert.Single(welcome.Attachments!)["content"]!;

        Assert.Equal([HandoffMessages.NextStep(task, ReplyLanguage.English)], card["body"]!.AsArray().Select(block => (string)block!["text"]!));
        Assert.Empty(card["actions"]!.AsArray());
    }

    [Fact]
    public void The_owner_clicking_a_redeemed_link_hears_they_are_already_continuing_and_at_which_step()
    {
        var context = Context("offsite-plan", "Plan a team offsite", ["Poll dates", "Book", "Send invites"]);

        var active = HandoffMessages.AlreadyContinuingMessage(new EarlierRedemption(context, EarlierTaskStanding.Active, 1, true), ReplyLanguage.English, "https://c/", "H7K2M-9QXDA");
        var done = HandoffMessages.AlreadyContinuingMessage(new EarlierRedemption(context, EarlierTaskStanding.Active, 3, true), ReplyLanguage.English, "https://c/", "H7K2M-9QXDA");
        var kept = HandoffMessages.AlreadyContinuingMessage(new EarlierRedemption(context, EarlierTaskStanding.Kept, 2, true), ReplyLanguage.English, "https://c/", "H7K2M-9QXDA");
        var gone = HandoffMessages.AlreadyContinuingMessage(null, ReplyLanguage.English, "https://c/", "H7K2M-9QXDA");

        Assert.StartsWith("You're already continuing **Plan a team offsite** here, step 2 of 3: Book", active.Text, StringComparison.Ordinal);
        Assert.Contains("**next**", active.Text, StringComparison.Ordinal);
        Assert.Contains("is done", done.Text, StringComparison.Ordinal);
        Assert.Contains("step 3 of 3", kept.Text, StringComparison.Ordinal);
        Assert.Contains("**switch**", kept.Text, StringComparison.Ordinal);
        Assert.All([active, done, kept], message => Assert.EndsWith("Ref: H7K2M-9QXDA", message.Text, StringComparison.Ordinal));
        Assert.All([active, done, kept], message => Assert.DoesNotContain("already used", message.Text, StringComparison.Ordinal));
        var card = Assert.Single(gone.Attachments!)["content"]!;
        Assert.Equal("You opened this link already, and this chat no longer holds that task. Open Copilot and ask again to pick it up afresh.",
            (string)card["body"]![0]!["text"]!);
        Assert.Equal("https://c/", (string)card["actions"]![0]!["url"]!);
    }

    private static HandoffContext Context(string id, string title, string[] steps) =>
        new("plan the offsite", "continueInChat", new TaskItem(id, title, "d", steps), "u", "t", "en-US", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);

    [Theory]
    [InlineData("a:1", "f:1")]
    [InlineData("a:2", "f:1")]
    public void A_resent_invoke_keeps_its_correlation_id(string conversation, string activity)
    {
        Assert.Equal(HandoffCorrelation.For(conversation, activity), HandoffCorrelation.For(conversation, activity));
        Assert.NotEqual(HandoffCorrelation.For(conversation, activity), HandoffCorrelation.For(conversation, activity + "x"));
    }
}
