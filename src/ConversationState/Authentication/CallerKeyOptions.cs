using Handoff.Contracts.Clients;
using Microsoft.Extensions.Options;

namespace Handoff.ConversationState.Authentication;

/// <summary>
/// Section <c>CallerAuthentication</c>: <c>Keys:{caller}</c> is the key each known caller
/// (<see cref="CallerCredential.Callers"/>) sends. Every caller must have one: a service that starts without them
/// would refuse every call, so it refuses to start instead and says which is missing.
/// </summary>
public sealed class CallerKeyOptions
{
    public const string SectionName = "CallerAuthentication";

    /// <summary>Long enough that guessing is hopeless; the AppHost generates 256-bit keys.</summary>
    public const int MinimumKeyLength = 32;

    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);
}

internal sealed class CallerKeyOptionsValidator : IValidateOptions<CallerKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, CallerKeyOptions options)
    {
        var failures = new List<string>();
        foreach (var caller in CallerCredential.Callers)
        {
            if (!options.Keys.TryGetValue(caller, out var key) || string.IsNullOrWhiteSpace(key))
            {
                failures.Add($"{CallerKeyOptions.SectionName}:Keys:{caller} is not set: ConversationState would refuse every call from {caller}. The AppHost sets it; in a cluster it comes from the Secret.");
            }
            else if (key.Length < CallerKeyOptions.MinimumKeyLength)
            {
                failures.Add($"{CallerKeyOptions.SectionName}:Keys:{caller} is shorter than {CallerKeyOptions.MinimumKeyLength} characters (openssl rand -base64 32 makes one).");
            }
        }

        failures.AddRange(options.Keys.Keys.Except(CallerCredential.Callers, StringComparer.Ordinal)
            .Select(unknown => $"{CallerKeyOptions.SectionName}:Keys:{unknown} names no caller ConversationState knows ({string.Join(", ", CallerCredential.Callers)})."));
        var distinct = options.Keys.Values.Where(key => !string.IsNullOrEmpty(key)).Distinct(StringComparer.Ordinal).Count();
        if (distinct < options.Keys.Values.Count(key => !string.IsNullOrEmpty(key)))
        {
            failures.Add($"Two callers in {CallerKeyOptions.SectionName}:Keys share a key: each must have its own, or one could act as the other.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
