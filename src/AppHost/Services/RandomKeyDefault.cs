using System.Security.Cryptography;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Publishing;

namespace Handoff.AppHost.Services;

/// <summary>
/// A fresh random key for each local run: 256 bits in base64 (the encryption and pseudonym keys), or with
/// <paramref name="hex"/> in hex (broker passwords: they go into connection strings, ACL files and definitions, where
/// letters and digits need no escaping). Published, the operator's Secret holds it.
/// </summary>
public sealed class RandomKeyDefault(int bytes = 32, bool hex = false) : ParameterDefault
{
    private readonly Lazy<string> _value = new(() =>
        hex ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes)) : Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)));

    /// <summary>A broker password: 192 bits in hex.</summary>
    public static RandomKeyDefault BrokerPassword() => new(24, hex: true);

    public override string GetDefaultValue() => _value.Value;

    public override void WriteToManifest(ManifestPublishingContext context)
    {
    }
}
