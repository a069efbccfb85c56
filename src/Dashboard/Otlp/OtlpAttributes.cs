using System.Globalization;
using Google.Protobuf.Collections;
using Handoff.Dashboard.Otlp.Proto.Common.V1;
using Handoff.Dashboard.Otlp.Proto.Resource.V1;

namespace Handoff.Dashboard.Otlp;

/// <summary>OTLP attribute values as the text the dashboard shows and searches.</summary>
internal static class OtlpAttributes
{
    private const string UnknownResource = "unknown";
    private static readonly Dictionary<string, string> None = [];

    /// <summary>
    /// The resource as the AppHost names it: <c>service.name</c> ("botgateway"), or for a replica the
    /// <c>service.instance.id</c> the AppHost gave it ("botgateway-1"), so each replica has its own logs.
    /// </summary>
    public static string ResourceName(Resource? resource)
    {
        string? serviceName = null;
        string? instanceId = null;
        if (resource is not null)
        {
            foreach (var attribute in resource.Attributes)
            {
                switch (attribute.Key)
                {
                    case "service.name":
                        serviceName = Text(attribute.Value);
                        break;
                    case "service.instance.id":
                        instanceId = Text(attribute.Value);
                        break;
                }
            }
        }

        if (string.IsNullOrEmpty(serviceName))
        {
            return UnknownResource;
        }

        return IsReplicaOf(instanceId, serviceName) ? instanceId! : serviceName;
    }

    /// <summary>The AppHost's replica names are <c>{service}-{index}</c>; any other instance id (an SDK's GUID) is not a name.</summary>
    private static bool IsReplicaOf(string? instanceId, string serviceName) =>
        instanceId is not null
        && instanceId.Length > serviceName.Length + 1
        && instanceId.StartsWith(serviceName + "-", StringComparison.Ordinal)
        && !instanceId.AsSpan(serviceName.Length + 1).ContainsAnyExceptInRange('0', '9');

    public static IReadOnlyDictionary<string, string> ToDictionary(RepeatedField<KeyValue> attributes)
    {
        if (attributes.Count == 0)
        {
            return None;
        }

        var values = new Dictionary<string, string>(attributes.Count, StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            values[attribute.Key] = Text(attribute.Value);
        }

        return values;
    }

    public static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(Text)) + "]",
        AnyValue.ValueOneofCase.KvlistValue => "{" + string.Join(", ", value.KvlistValue.Values.Select(pair => $"{pair.Key}: {Text(pair.Value)}")) + "}",
        _ => "",
    };
}
