using Handoff.BotGateway.Localization;
using Handoff.Contracts.State;

namespace Handoff.BotGateway.Handoff.Resumption;

/// <summary>The default welcome: "Continuing from Copilot: &lt;request&gt;", then the task's next step, in the user's language.</summary>
public sealed class StepsWelcome : IHandoffWelcome
{
    public static HandoffWelcomeMessage For(ActiveTask task, ReplyLanguage language) =>
        new(HandoffMessages.Continuing(task, language), [HandoffMessages.NextStep(task, language)]);

    public Task<HandoffWelcomeMessage> ComposeAsync(ActiveTask task, string locale, CancellationToken cancellationToken) =>
        Task.FromResult(For(task, ReplyLanguage.For(locale)));
}
