namespace Handoff.ConversationState.Encryption;

/// <summary>
/// Section <c>State:Encryption</c>: the key ring for contexts at rest. <c>Keys:{id}</c> are base64 256-bit
/// keys; new records use <c>ActiveKeyId</c>, and every key still listed can read what it wrote, so a key is
/// rotated by adding the new one, making it active, and removing the old one once its records have expired
/// (a day, with the default lifetimes).
/// </summary>
public sealed class EncryptionOptions
{
    public const string SectionName = "State:Encryption";

    public string? ActiveKeyId { get; set; }

    public Dictionary<string, string> Keys { get; set; } = [];
}
