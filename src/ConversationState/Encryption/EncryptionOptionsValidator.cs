using Microsoft.Extensions.Options;

namespace Handoff.ConversationState.Encryption;

/// <summary>Outside Development a key ring is required, and every key must be a base64 256-bit key.</summary>
public sealed class EncryptionOptionsValidator(IHostEnvironment environment) : IValidateOptions<EncryptionOptions>
{
    public ValidateOptionsResult Validate(string? name, EncryptionOptions options)
    {
        if (options.Keys.Count == 0)
        {
            return environment.IsDevelopment()
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("State:Encryption:Keys is empty: contexts must be encrypted at rest. Add State:Encryption:Keys:<id> = a base64 256-bit key (openssl rand -base64 32) and set State:Encryption:ActiveKeyId.");
        }

        var failures = new List<string>();
        foreach (var (id, value) in options.Keys)
        {
            if (id.Contains('.', StringComparison.Ordinal) || id.Length == 0)
            {
                failures.Add($"State:Encryption:Keys:{id}: a key id must be non-empty and contain no '.'.");
            }

            byte[] key;
            try
            {
                key = Convert.FromBase64String(value);
            }
            catch (FormatException)
            {
                failures.Add($"State:Encryption:Keys:{id} is not base64.");
                continue;
            }

            if (key.Length != 32)
            {
                failures.Add($"State:Encryption:Keys:{id} is {key.Length * 8} bits; AES-256 needs 256.");
            }
        }

        var active = options.ActiveKeyId ?? (options.Keys.Count == 1 ? options.Keys.Keys.Single() : null);
        if (active is null || !options.Keys.ContainsKey(active))
        {
            failures.Add($"State:Encryption:ActiveKeyId must name one of State:Encryption:Keys (got '{options.ActiveKeyId}').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
