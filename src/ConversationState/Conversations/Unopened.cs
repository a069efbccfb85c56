namespace Handoff.ConversationState.Conversations;

/// <summary>
/// A conversation's record read from Redis and not yet decrypted: a delivery claim reads the task beside its own script,
/// in the same round trip, and opens it only once the claim is granted.
/// </summary>
public sealed class Unopened<T>(Func<T?> open)
    where T : class
{
    public static readonly Unopened<T> Nothing = new(() => null);

    public T? Open() => open();
}
