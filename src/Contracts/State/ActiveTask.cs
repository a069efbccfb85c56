namespace Handoff.Contracts.State;

/// <summary>The task a conversation is working on, and how far it has got (0-based step index).</summary>
public sealed record ActiveTask(HandoffContext Context, int StepIndex, DateTimeOffset ActivatedAt)
{
    public bool IsFinished => StepIndex >= Context.Item.Steps.Count;

    public string? CurrentStep => IsFinished ? null : Context.Item.Steps[StepIndex];
}
