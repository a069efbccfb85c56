using Handoff.BotGateway.Localization;
using Handoff.Contracts.State;

namespace Handoff.BotGateway.Handoff.Initiation;

/// <summary>The first card's task: the user's own request, carried on as they wrote it, its steps in their language.</summary>
public static class UserRequestTask
{
    public const string Id = "your-request";

    public static TaskItem From(string request, ReplyLanguage language) => new(
        Id,
        request,
        language.Text(Reply.UserRequestDescription),
        [
            language.Text(Reply.UserRequestStep1),
            language.Text(Reply.UserRequestStep2),
            language.Text(Reply.UserRequestStep3),
            language.Text(Reply.UserRequestStep4),
        ]);
}
