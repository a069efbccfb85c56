using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Handoff.Contracts.Diagnostics;

/// <summary>
/// The short reference of one handoff (one card, one continuation token), e.g. <c>H7K2M-9QXDA</c>: the
/// correlation id from the Copilot query to the welcome, shown to the user when something fails and logged
/// so support can find it. Derived from the token, so the gateway knows it when it mints the card and again
/// when the click arrives, without a lookup. It is a 50-bit keyless hash of a 256-bit random secret: it names
/// the handoff, reveals nothing of the token, and carries no personal data.
/// </summary>
public static class HandoffReference
{
    public const int Length = 11;

    // Crockford's base 32: no I, L, O or U, so a reference read out over the phone survives.
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string ForToken(string continuationToken)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"handoff-reference\n{continuationToken}"));
        var bits = BitConverter.ToUInt64(digest, 0);
        var text = new StringBuilder(Length);
        for (var i = 0; i < 10; i++)
        {
            if (i == 5)
            {
                text.Append('-');
            }

            text.Append(Alphabet[(int)(bits & 31)]);
            bits >>= 5;
        }

        return text.ToString();
    }

    /// <summary>Accepts what a user may type (lower case, no dash, O for 0, I or L for 1) and gives the canonical form.</summary>
    public static bool TryNormalise(string? input, [NotNullWhen(true)] out string? reference)
    {
        reference = null;
        if (input is null || input.Length > 20)
        {
            return false;
        }

        var characters = new StringBuilder(10);
        foreach (var raw in input.Trim())
        {
            if (raw is '-' or ' ')
            {
                continue;
            }

            var c = char.ToUpperInvariant(raw) switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                var other => other,
            };
            if (!Alphabet.Contains(c, StringComparison.Ordinal) || characters.Length == 10)
            {
                return false;
            }

            characters.Append(c);
        }

        if (characters.Length != 10)
        {
            return false;
        }

        characters.Insert(5, '-');
        reference = characters.ToString();
        return true;
    }
}
