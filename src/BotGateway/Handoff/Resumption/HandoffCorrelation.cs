using System.Security.Cryptography;
using System.Text;

namespace Handoff.BotGateway.Handoff.Resumption;

/// <summary>
/// The correlation id of a click. Derived from the conversation and activity ids, so an invoke that Teams
/// re-sends with the same activity id (PROTOCOL.md §2) redeems as the same redemption, not as a second one.
/// </summary>
public static class HandoffCorrelation
{
    public static Guid For(string conversationId, string? activityId)
    {
        if (string.IsNullOrEmpty(activityId))
        {
            return Guid.NewGuid();
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{conversationId}\n{activityId}"));
        return new Guid(digest.AsSpan(0, 16));
    }
}
