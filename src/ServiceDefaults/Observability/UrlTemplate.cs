namespace Handoff.ServiceDefaults.Observability;

/// <summary>
/// A path template such as <c>/conversations/{conversationId}/turns</c>: literal segments match themselves (ignoring
/// case), <c>{name}</c> matches any one segment. It matches the end of a path, so a base path in front of it (a
/// Bot Connector's <c>/amer/</c>) is kept.
/// </summary>
public sealed class UrlTemplate
{
    private readonly string[] _segments;

    public UrlTemplate(string template)
    {
        Text = template.Trim('/');
        _segments = Text.Split('/');
    }

    public string Text { get; }

    /// <summary>The path with the template's placeholders in place of what it held there, or null when it does not match.</summary>
    public string? Apply(string path)
    {
        var segments = path.Trim('/').Split('/');
        var start = segments.Length - _segments.Length;
        if (start < 0)
        {
            return null;
        }

        for (var i = 0; i < _segments.Length; i++)
        {
            var template = _segments[i];
            var isPlaceholder = template.StartsWith('{') && template.EndsWith('}');
            if (isPlaceholder ? segments[start + i].Length == 0 : !template.Equals(segments[start + i], StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }

        return "/" + string.Join('/', segments[..start].Append(Text));
    }
}
