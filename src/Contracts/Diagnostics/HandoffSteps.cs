namespace Handoff.Contracts.Diagnostics;

/// <summary>The steps a handoff goes through, in the order they usually happen, as the journal names them.</summary>
public static class HandoffSteps
{
    public const string QueryAnswered = "query.answered";
    public const string ClickReceived = "click.received";
    public const string ClickPublished = "click.published";
    public const string ClickNotQueued = "click.not_queued";
    public const string RedeemedWithoutBroker = "click.redeemed_without_broker";
    public const string Redeemed = "redeemed";
    public const string Rejected = "rejected";
    public const string Delayed = "delayed";
    public const string WelcomeSent = "welcome.sent";
    public const string NotWelcomed = "welcome.not_sent";
    public const string RejectionSent = "rejection.sent";
    public const string DelayNoticeSent = "delay_notice.sent";
    public const string SendFailed = "send.failed";
    public const string Feedback = "feedback";
}
