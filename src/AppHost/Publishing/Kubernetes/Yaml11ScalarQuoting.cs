using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.EventEmitters;

namespace Handoff.AppHost.Publishing.Kubernetes;

/// <summary>
/// Kubernetes reads manifests as YAML 1.1, where a plain <c>yes</c>, <c>no</c>, <c>on</c> or <c>off</c> is a boolean;
/// YamlDotNet follows YAML 1.2 and leaves them plain. Quoting them keeps Redis' <c>--appendonly yes</c> a string.
/// </summary>
internal sealed class Yaml11ScalarQuoting(IEventEmitter next) : ChainedEventEmitter(next)
{
    private static readonly HashSet<string> Yaml11Booleans = new(StringComparer.OrdinalIgnoreCase)
    {
        "y", "yes", "n", "no", "on", "off", "true", "false",
    };

    public override void Emit(ScalarEventInfo eventInfo, IEmitter emitter)
    {
        if (eventInfo.Source.Value is string text && Yaml11Booleans.Contains(text))
        {
            eventInfo.Style = ScalarStyle.DoubleQuoted;
        }

        base.Emit(eventInfo, emitter);
    }
}
