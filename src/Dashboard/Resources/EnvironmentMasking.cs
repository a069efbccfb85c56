namespace Handoff.Dashboard.Resources;

/// <summary>
/// Which environment values the Resources page shows only on demand: anything that looks like a secret
/// (passwords, keys, tokens, connection strings with credentials).
/// </summary>
public static class EnvironmentMasking
{
    private static readonly string[] SecretHints = ["password", "secret", "key", "token", "connectionstrings", "otlp_headers", "credential"];

    public static bool IsSecret(string name) =>
        SecretHints.Any(hint => name.Contains(hint, StringComparison.OrdinalIgnoreCase));

    public static string Mask(string value) => value.Length == 0 ? "" : "••••••••";
}
