namespace Handoff.Contracts.State;

/// <summary>
/// The task a conversation is working on, how far it has got (0-based step index), and the task it
/// replaced, kept so the user can switch back to it.
/// </summary>
public sealed record ActiveTask(HandoffContext Context, int StepIndex, DateTimeOffset ActivatedAt, PreviousTask? Previous = null)
{
    public bool IsFinished => StepIndex >= Context.Item.Steps.Count;

    public string? CurrentStep => IsFinished ? null : Context.Item.Steps[StepIndex];
}

/// <summary>The task a newer handoff replaced, where it had got to.</summary>
public sealed record PreviousTask(HandoffContext Context, int StepIndex);
