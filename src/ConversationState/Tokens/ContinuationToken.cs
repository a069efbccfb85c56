using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Handoff.ConversationState.Tokens;

/// <summary>
/// Continuation tokens: 256 bits from a CSPRNG, base64url without padding (43 characters), so they need no
/// escaping in the deep link. Redis is keyed by the token's SHA-256, never by the token itself.
/// </summary>
public static class ContinuationToken
{
    public const int ByteLength = 32;
    public const int EncodedLength = 43;

    public static string Mint() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(ByteLength));

    public static bool IsWellFormed(string? token)
    {
        if (token is null || token.Length != EncodedLength)
        {
            return false;
        }

        foreach (var c in token)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    public static string Hash(string token)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.ASCII.GetBytes(token), digest);
        return Convert.ToHexStringLower(digest);
    }
}
