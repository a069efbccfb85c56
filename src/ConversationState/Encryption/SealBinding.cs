using System.Buffers.Binary;
using System.Text;

namespace Handoff.ConversationState.Encryption;

/// <summary>
/// What a sealed record belongs to, as AES-GCM's associated data: a record opens only where it was sealed, so a
/// ciphertext copied to another token, owner or conversation fails to decrypt instead of showing its text there.
/// Each part is length-prefixed, so no two bindings share their bytes.
/// </summary>
public sealed class SealBinding
{
    private static readonly byte[] Purpose = Encoding.ASCII.GetBytes("handoff-conversation-state/v2");

    private SealBinding(byte[] associatedData) => AssociatedData = associatedData;

    public byte[] AssociatedData { get; }

    /// <summary>A handoff context: the hash of its continuation token and its owner (<c>Storage/Owner</c>).</summary>
    public static SealBinding HandoffContext(string tokenHash, string owner) => Of("handoff-context", tokenHash, owner);

    /// <summary>A conversation's active or previous task, or one of its turns recorded before the history kept both sides.</summary>
    public static SealBinding Conversation(string conversationId) => Of("conversation", conversationId);

    /// <summary>A message of one user's history in a conversation: it opens for that user in that conversation only.</summary>
    public static SealBinding ConversationMessage(string conversationId, string owner) => Of("conversation-message", conversationId, owner);

    private static SealBinding Of(params string[] parts)
    {
        using var data = new MemoryStream();
        data.Write(Purpose);
        Span<byte> length = stackalloc byte[4];
        foreach (var part in parts)
        {
            var bytes = Encoding.UTF8.GetBytes(part);
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            data.Write(length);
            data.Write(bytes);
        }

        return new SealBinding(data.ToArray());
    }
}
