using System.Security.Cryptography;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Publishing;

namespace Handoff.AppHost.Services;

/// <summary>A fresh 256-bit key, base64, for each local run (the encryption and pseudonym keys); published, the operator's Secret holds it.</summary>
public sealed class RandomKeyDefault : ParameterDefault
{
    private readonly Lazy<string> _value = new(() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    public override string GetDefaultValue() => _value.Value;

    public override void WriteToManifest(ManifestPublishingContext context)
    {
    }
}
