namespace Handoff.AppPackage;

/// <summary>
/// An Agents Toolkit environment file (<c>env/.env.dev</c>): <c>NAME=value</c> lines, <c>#</c> comments, optional
/// quotes. The toolkit fills the manifest's <c>${{NAME}}</c> placeholders from these, and so do we.
/// </summary>
public static class ToolkitEnvironmentFile
{
    public static Dictionary<string, string> Read(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rawLine in File.ReadAllLines(path))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"{path}: '{rawLine}' is not NAME=value.");
            }

            values[line[..equals].Trim()] = Unquote(line[(equals + 1)..].Trim());
        }

        return values;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] is '"' or '\'') && value[^1] == value[0] ? value[1..^1] : value;
}
