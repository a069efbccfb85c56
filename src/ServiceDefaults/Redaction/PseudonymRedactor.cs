using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Options;

namespace Handoff.ServiceDefaults.Redaction;

/// <summary>
/// Replaces an identifier by a short keyed hash: the same user gives the same pseudonym in every log line,
/// so support can follow one user's handoffs, but a log reader cannot name them.
/// </summary>
public sealed class PseudonymRedactor(IOptions<PseudonymRedactorOptions> options) : Redactor
{
    private readonly byte[] _key = options.Value.Key;

    private const string Prefix = "usr:";
    private const int HashLength = 12;

    public override int GetRedactedLength(ReadOnlySpan<char> input) => Prefix.Length + HashLength;

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        var hash = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(source.ToArray()));
        Prefix.AsSpan().CopyTo(destination);
        Convert.ToHexStringLower(hash).AsSpan(0, HashLength).CopyTo(destination[Prefix.Length..]);
        return Prefix.Length + HashLength;
    }
}

public sealed class PseudonymRedactorOptions
{
    public byte[] Key { get; set; } = [];
}
