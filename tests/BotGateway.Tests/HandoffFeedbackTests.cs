using System.Text.Json;
using System.Text.Json.Nodes;
using Handoff.BotGateway.Handoff.Feedback;
using Handoff.BotGateway.Handoff.Resumption;
using Handoff.BotGateway.Localization;
using Handoff.Contracts.State;

namespace Handoff.BotGateway.Tests;

public sealed class HandoffFeedbackTests
{
    [Fact]
    public void The_welcome_offers_thumbs_up_and_down_whose_submit_data_reads_back_as_feedback()
    {
        var task = new ActiveTask(new HandoffContext("plan the offsite", "continueInChat",
            new TaskItem("offsite-plan", "Plan a team offsite", "d", ["Poll dates", "Book"]), "u", "t", "en-US",
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow), 0, DateTimeOffset.UtcNow);

        var message = HandoffMessages.Welcome(task, ReplyLanguage.English, "H7K2M-9QXDA");
        var actions = message.Attachments![0]["content"]!["actions"]!.AsArray();

        Assert.Contains("step 1 of 2", (string)message.Attachments[0]["content"]!["body"]![0]!["text"]!, StringComparison.Ordinal);
        Assert.Equal(["👍", "👎"], actions.Select(action => (string)action!["title"]!));
        Assert.All(actions, action => Assert.Equal("Action.Submit", (string)action!["type"]!));
        Assert.True(Read(actions[1]!["data"]!.ToJsonString(), out var feedback, out _));
        Assert.Equal(new HandoffFeedbackValue("down", "H7K2M-9QXDA", "welcomed"), feedback);
    }

    [Fact]
    public void A_rejection_shows_the_reference_and_offers_feedback_tagged_with_its_reason()
    {
        var message = HandoffMessages.RejectionMessage(HandoffRejectionReason.Expired, ReplyLanguage.English, "https://copilot.example/", "H7K2M-9QXDA");
        var card = message.Attachments![0]["content"]!;

        Assert.Equal("Ref: H7K2M-9QXDA", (string)card["body"]![1]!["text"]!);
        Assert.Equal("https://copilot.example/", (string)card["actions"]![0]!["url"]!);
        Assert.Equal("expired", (string)card["actions"]![1]!["data"]!["reason"]!);
        Assert.EndsWith("Ref: H7K2M-9QXDA", HandoffMessages.RejectionMessage(HandoffRejectionReason.StateUnavailable, ReplyLanguage.English, "https://c/", "H7K2M-9QXDA").Text, StringComparison.Ordinal);
        Assert.EndsWith("Ref: H7K2M-9QXDA", HandoffMessages.DelayedMessage(ReplyLanguage.English, "H7K2M-9QXDA").Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"handoffFeedback":"up","reference":"h7k2m9qxda","reason":"already_used"}""", "up", "already_used")]
    [InlineData("""{"handoffFeedback":"down","reference":"H7K2M-9QXDA","reason":"made-up"}""", "down", "unknown")]
    [InlineData("""{"handoffFeedback":"down","reference":"H7K2M-9QXDA"}""", "down", "unknown")]
    public void Feedback_reads_the_vote_and_keeps_reason_tags_to_the_known_ones(string json, string vote, string reason)
    {
        Assert.True(Read(json, out var feedback, out _));

        Assert.Equal(vote, feedback.Vote);
        Assert.Equal("H7K2M-9QXDA", feedback.Reference);
        Assert.Equal(reason, feedback.Reason);
    }

    [Theory]
    [InlineData("""{"handoffFeedback":"meh","reference":"H7K2M-9QXDA"}""")]
    [InlineData("""{"handoffFeedback":5,"reference":"H7K2M-9QXDA"}""")]
    [InlineData("""{"handoffFeedback":"up"}""")]
    [InlineData("""{"handoffFeedback":"up","reference":"\ud800"}""")]
    [InlineData("""{"handoffFeedback":"up","reference":"nope"}""")]
    public void Malformed_feedback_is_refused_with_a_reason(string json)
    {
        Assert.False(Read(json, out _, out var error));
        Assert.NotNull(error);
    }

    [Theory]
    [InlineData("""{"continuation":"x"}""")]
    [InlineData("""[1]""")]
    public void Other_values_are_not_feedback(string json)
    {
        Assert.False(Read(json, out _, out var error));
        Assert.Null(error);
    }

    private static bool Read(string json, out HandoffFeedbackValue feedback, out string? error)
    {
        using var document = JsonDocument.Parse(json);
        return HandoffFeedbackValue.TryRead(document.RootElement.Clone(), out feedback, out error);
    }
}
