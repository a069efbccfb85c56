using System.Text;
using YamlDotNet.Serialization;
using Yaml = System.Collections.Generic.Dictionary<string, object?>;

namespace Handoff.AppHost.Publishing.Kubernetes;

/// <summary>Writes Kubernetes objects as one multi-document YAML file, with comments for the operator on top.</summary>
internal static class YamlFile
{
    // Quoting strings that would read as numbers or booleans keeps ConfigMap values strings, as the API requires.
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithQuotingNecessaryStrings()
        .WithIndentedSequences()
        .DisableAliases()
        .WithEventEmitter(next => new Yaml11ScalarQuoting(next))
        .Build();

    public static string Write(string directory, string fileName, IEnumerable<string> comments, IEnumerable<Yaml> documents)
    {
        var text = new StringBuilder();
        foreach (var comment in comments)
        {
            text.Append("# ").AppendLine(comment);
        }

        var first = true;
        foreach (var document in documents)
        {
            if (!first || text.Length > 0)
            {
                text.AppendLine("---");
            }

            first = false;
            text.Append(Serializer.Serialize(document));
        }

        var path = Path.Combine(directory, fileName);
        File.WriteAllText(path, text.ToString().ReplaceLineEndings("\n"));
        return path;
    }
}
