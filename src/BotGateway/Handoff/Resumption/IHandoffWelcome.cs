using Handoff.Contracts.State;

namespace Handoff.BotGateway.Handoff.Resumption;

/// <summary>
/// What the user is told first when their handoff is redeemed: the extension point a team replaces with its own
/// (<c>builder.Services.AddHandoffWelcome&lt;TWelcome&gt;()</c>). The default, <see cref="StepsWelcome"/>, is
/// "Continuing from Copilot: …" and the task's next step.
/// </summary>
/// <remarks>
/// The gateway still sends the welcome as one activity, once (ADR 0013, 0019): the team writes its words, and the
/// gateway adds the note that an earlier task is kept, the reference for support and 👍/👎. It is called only once the
/// delivery is claimed; if it throws, the default welcome is sent instead, so the user is never left without one.
/// Created for each use (transient).
/// </remarks>
public interface IHandoffWelcome
{
    /// <param name="task">The task just handed off: its context (request, item, <see cref="HandoffContext.AppPayload"/>) and step.</param>
    /// <param name="locale">The user's locale (a BCP 47 tag such as <c>de-DE</c>): the click's, else the one they searched in.
    /// The gateway's own parts of the welcome are in <c>ReplyLanguage.For(locale)</c>; write yours in the same language where you can.</param>
    Task<HandoffWelcomeMessage> ComposeAsync(ActiveTask task, string locale, CancellationToken cancellationToken);
}
