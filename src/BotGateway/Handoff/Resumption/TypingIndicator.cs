using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.Handoff.Policy;
using Handoff.Contracts.Clients;
using Handoff.Contracts.Events;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Handoff.Resumption;

/// <summary>
/// A typing indicator only where the user would otherwise wait (docs/decisions/0013-one-welcome-activity.md): when,
/// <see cref="HandoffPolicyOptions.TypingDelay"/> after the click, no handoff outcome has been decided in the
/// conversation (once one is, its message follows at once) and no typing indicator was shown there within the
/// window. ConversationState decides, so it holds whichever gateway replica took the click or sends the outcome.
/// </summary>
public sealed class TypingIndicator(BackgroundSends sends, ConversationStateClient state, TimeProvider time,
    IOptions<HandoffPolicyOptions> policy, ILogger<TypingIndicator> logger)
{
    private const int MostPending = 20_000;
    private int _pending;

    /// <summary>Starts the wait; never holds up the invoke's answer.</summary>
    public void AfterClick(ConversationAddress address)
    {
        if (Interlocked.Increment(ref _pending) > MostPending)
        {
            // Under such a load a typing indicator is the first thing to go: the outcome itself is on its way.
            Interlocked.Decrement(ref _pending);
            return;
        }

        _ = WaitThenTypeAsync(address, token => state.ClaimTypingAsync(address.ConversationId, token), CancellationToken.None);
    }

    /// <returns>Whether a typing indicator was queued.</returns>
    internal async Task<bool> WaitThenTypeAsync(ConversationAddress address, Func<CancellationToken, Task<bool>> claim, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(policy.Value.TypingDelay, time, cancellationToken);
            if (!await claim(cancellationToken))
            {
                return false;
            }

            sends.Enqueue(address, OutgoingActivity.Typing());
            return true;
        }
        catch (ConversationStateException exception)
        {
            // The handoff is held up by the state service itself, and HandoffService tells the user so with a
            // delay notice: a typing indicator as well would only be one more call to the connector.
            logger.LogDebug("No typing indicator: the state service could not be asked ({Reason})", exception.Message);
            return false;
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }
}
