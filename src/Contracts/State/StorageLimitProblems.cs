namespace Handoff.Contracts.State;

/// <summary>
/// The problem types (RFC 9457 <c>type</c>) ConversationState answers when storage refuses a write, so callers can tell
/// the user whose limit it is: theirs, their organisation's, or the service's.
/// </summary>
public static class StorageLimitProblems
{
    public const string User = "urn:handoff:problem:user-storage-limit";
    public const string Tenant = "urn:handoff:problem:tenant-storage-limit";
    public const string Full = "urn:handoff:problem:storage-full";
}
