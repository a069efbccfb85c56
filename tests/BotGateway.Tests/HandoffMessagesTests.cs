using Handoff.BotGateway.Handoff.Resumption;
using Handoff.Contracts.State;

namespace Handoff.BotGateway.Tests;

public sealed class HandoffMessagesTests
{
    private static readonly HandoffRejectionReason[] Reasons = Enum.GetValues<HandoffRejectionReason>();

    [Fact]
    public void Every_reason_code_has_its_own_message_and_metric_tag()
    {
        Assert.Equal(Reasons.Length, Reasons.Select(HandoffMessages.ForRejection).Distinct().Count());
        Assert.Equal(Reasons.Length, Reasons.Select(HandoffMessages.MetricTag).Distinct().Count());
        Assert.All(Reasons.Select(HandoffMessages.MetricTag), tag => Assert.Matches("^[a-z_]+$", tag));
    }

    [Fact]
    public void Every_rejection_says_what_to_do_next()
    {
        Assert.All(Reasons.Select(HandoffMessages.ForRejection), text =>
            Assert.Matches("(Open Copilot|open the same link again|ask your admin)", text));
    }

    [Fact]
    public void The_welcome_names_the_request_and_the_next_step_names_the_task()
    {
        var task = new ActiveTask(new HandoffContext("plan the offsite", "continueInChat",
            new TaskItem("offsite-plan", "Plan a team offsite", "d", ["Poll dates", "Book"]), "u", "t", "en-US",
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow), 0, DateTimeOffset.UtcNow);

        Assert.Equal("Continuing from Copilot: plan the offsite", HandoffMessages.Continuing(task));
        Assert.Contains("Plan a team offsite", HandoffMessages.NextStep(task), StringComparison.Ordinal);
        Assert.Contains("step 1 of 2: Poll dates", HandoffMessages.NextStep(task), StringComparison.Ordinal);
        Assert.Contains("is done", HandoffMessages.NextStep(task with { StepIndex = 2 }), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a:1", "f:1")]
    [InlineData("a:2", "f:1")]
    public void A_resent_invoke_keeps_its_correlation_id(string conversation, string activity)
    {
        Assert.Equal(HandoffCorrelation.For(conversation, activity), HandoffCorrelation.For(conversation, activity));
        Assert.NotEqual(HandoffCorrelation.For(conversation, activity), HandoffCorrelation.For(conversation, activity + "x"));
    }
}
