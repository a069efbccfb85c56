using Handoff.Contracts.State;

namespace Handoff.BotGateway.Handoff.Resumption;

/// <summary>The default welcome: "Continuing from Copilot: &lt;request&gt;", then the task's next step.</summary>
public sealed class StepsWelcome : IHandoffWelcome
{
    public static HandoffWelcomeMessage For(ActiveTask task) => new(HandoffMessages.Continuing(task), [HandoffMessages.NextStep(task)]);

    public Task<HandoffWelcomeMessage> ComposeAsync(ActiveTask task, string locale, CancellationToken cancellationToken) =>
        Task.FromResult(For(task));
}
