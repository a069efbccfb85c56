using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Handoff.Fuzz;

/// <summary>
/// Turns a seed activity into a hostile request. Mutations work on the JSON tree where they can (wrong
/// types, missing fields, huge strings) and splice raw bytes where JSON cannot say it (depth 10k, bad
/// UTF-8, lone surrogates, duplicate keys, out-of-range numbers): the tree holds a marker string that is
/// replaced after serialisation. Every choice comes from the <see cref="Random"/> given, so a case is a
/// pure function of (seed corpus, seed number, case index).
/// </summary>
public sealed class ActivityMutator(SeedCorpus corpus, int maxBodyBytes)
{
    private static readonly JsonSerializerOptions Serializer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The fields the gateway reads; mutations aim at them half of the time.</summary>
    private static readonly string[] FieldsTheGatewayReads =
    [
        "type", "name", "id", "channelId", "serviceUrl", "locale", "text", "conversation", "conversation.id",
        "conversation.conversationType", "conversation.tenantId", "from", "from.id", "from.name", "from.aadObjectId",
        "recipient", "recipient.id", "channelData", "channelData.tenant", "channelData.tenant.id", "value",
        "value.commandId", "value.parameters", "value.parameters[0]", "value.parameters[0].name",
        "value.parameters[0].value", "value.queryOptions", "value.queryOptions.count", "value.continuation",
    ];

    private static readonly string[] WrongTypes =
    [
        "null", "true", "false", "0", "-1", "3.14", "\"\"", "\"x\"", "[]", "{}", "[1,\"two\",null,{}]", "{\"id\":1}",
        "\"true\"", "\"0\"", "[[[]]]", "{\"\":{\"\":null}}",
    ];

    private static readonly string[] Numbers =
    [
        "1e400", "-1e400", "123456789012345678901234567890", "-0", "1E-400", "2147483648", "-2147483649",
        "9223372036854775808", "-9223372036854775809", "18446744073709551616", "4.9e-324", "1.7976931348623157e308",
        "1.7976931348623157e309", "0.00000000000000000000000000000000000000000000001", "1" + new string('0', 400),
        // Not JSON at all: must be a 400, not an exception.
        "NaN", "Infinity", "-Infinity", "01", "1.", ".5", "+1", "0x10", "1e", "--1", "1e+", "١",
    ];

    private static readonly string[] InterestingStrings =
    [
        "", " ", "\t\r\n", "\0", "invoke", "message", "conversationUpdate", "typing", "handoff/action", "HANDOFF/ACTION",
        "composeExtension/query", "composeExtension/QUERY", "continueInChat", "initialRun", "request", "next", "status",
        "switch", "forget me", "28:", "29:", "a:", "msteams", "emulator", "webchat", "null", "undefined", "NaN",
        "00000000-0000-0000-0000-000000000000", "development", "dev:", "../../etc/passwd", "%00%0d%0a", "%s%n%x",
        "'; DROP TABLE users; --", "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/x}", "{{serviceUrl}}",
        "\u202Eevil\u202C", "\u200B\u200D\uFEFF", "👍🏽👨‍👩‍👧‍👦", "e\u0301\u0301\u0301\u0301\u0301\u0301", "Ω≈ç√∫˜µ≤≥÷",
        "https://smba.trafficmanager.net/amer/", "https://attacker.example/", "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd", "javascript:alert(1)", "ftp://127.0.0.1/", "//127.0.0.1/", "http://", "https:",
        "http://user:pass@smba.trafficmanager.net/", "not a url", "HTTPS://SMBA.TRAFFICMANAGER.NET/AMER/",
        "https://smba.trafficmanager.net.attacker.example/", "https://smba.trafficmanager.net@attacker.example/",
        new string('a', 1024), new string('a', 1025), new string('é', 1025), new string('x', 4000), new string('x', 4001),
        new string('x', 28_000), new string('x', 28_001),
    ];

    /// <summary>Byte sequences no UTF-8 decoder may accept.</summary>
    private static readonly byte[][] BadUtf8 =
    [
        [0xFF], [0xFE], [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80],
        [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC3], [0xE2, 0x82],
        [0xF0, 0x9F, 0x98], [0xEF, 0xBB, 0xBF], [0x00], [0x1F], [0x22], [0x5C],
    ];

    /// <summary>Escapes that are valid JSON but not valid text, and some that are not even JSON.</summary>
    private static readonly string[] Surrogates =
    [
        "\"\\ud800\"", "\"\\udc00\"", "\"\\udfff\\ud800\"", "\"a\\ud83d\"", "\"\\ud83db\"", "\"\\ud800\\u0041\"",
        "\"\\uDBFF\\uDBFF\"", "\"\\u\"", "\"\\u12\"", "\"\\uZZZZ\"", "\"\\x41\"", "\"\\\"", "\"\\ud83d\\ude00\"",
    ];

    private static readonly string?[] ContentTypes =
    [
        null, "", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml",
        "application/json; charset=utf-16", "application/json; charset=latin1", "application/json; charset=nonsense",
        "APPLICATION/JSON", "application/vnd.api+json", "text/json", "json", "application/json;;;", "*/*",
        "application/octet-stream", "application/jsonp", "image/png; json",
    ];

    private readonly int _maxBodyBytes = maxBodyBytes;

    public FuzzCase Next(Random random)
    {
        var seed = corpus.Seeds[random.Next(corpus.Seeds.Count)];
        var mutations = new List<string>();
        var splices = new Splices();
        JsonNode root = seed.Parse();
        byte[]? rawRoot = null;

        var count = random.Next(10) switch { < 6 => 1, < 9 => 2, _ => 3 };
        for (var i = 0; i < count && rawRoot is null; i++)
        {
            if (random.Next(40) == 0)
            {
                // The whole body is something else: a deep nest, another type, a huge array.
                rawRoot = RootReplacement(random, out var description);
                mutations.Add(description);
                break;
            }

            mutations.Add(MutateTree(random, root, splices, seed));
        }

        var body = rawRoot ?? splices.Apply(JsonSerializer.SerializeToUtf8Bytes(root, Serializer));
        var contentType = (string?)"application/json; charset=utf-8";
        var method = "POST";
        var framing = Framing.Normal;

        if (random.Next(100) < 8)
        {
            var cut = random.Next(body.Length + 1);
            body = body[..cut];
            mutations.Add($"truncate:{cut}");
        }

        if (random.Next(100) < 5)
        {
            var flips = random.Next(1, 6);
            body = (byte[])body.Clone();
            for (var i = 0; i < flips && body.Length > 0; i++)
            {
                body[random.Next(body.Length)] = (byte)random.Next(256);
            }

            mutations.Add($"flip:{flips}");
        }

        if (random.Next(100) < 2)
        {
            body = [];
            mutations.Add("empty-body");
        }

        if (random.Next(100) < 8)
        {
            contentType = ContentTypes[random.Next(ContentTypes.Length)];
            mutations.Add($"content-type:{contentType ?? "none"}");
        }

        if (random.Next(200) == 0)
        {
            method = random.Next(3) switch { 0 => "PUT", 1 => "PATCH", _ => "DELETE" };
            mutations.Add($"method:{method}");
        }

        if (random.Next(100) < 3)
        {
            framing = (Framing)random.Next(1, Enum.GetValues<Framing>().Length);
            mutations.Add($"framing:{framing}");
        }

        return new FuzzCase(seed.Name, mutations, method, contentType, body, framing);
    }

    private string MutateTree(Random random, JsonNode root, Splices splices, SeedCorpus.Seed seed)
    {
        var slot = PickSlot(random, root);
        switch (random.Next(13))
        {
            case 0:
                splices.Set(slot, WrongTypes[random.Next(WrongTypes.Length)], out var raw);
                return $"wrong-type:{slot.Path}={Shorten(raw)}";
            case 1:
                if (slot.Remove())
                {
                    return $"remove:{slot.Path}";
                }

                goto case 0;
            case 2:
            {
                var length = HugeLength(random);
                var unit = random.Next(4) switch { 0 => "x", 1 => "é", 2 => "😀", _ => "\\u0041" };
                var text = unit == "\\u0041" ? Repeat(unit, length / 6) : Repeat(unit, length / Encoding.UTF8.GetByteCount(unit));
                splices.Set(slot, "\"" + text + "\"", out _);
                return $"huge-string:{slot.Path}:{length}:{(unit == "\\u0041" ? "escapes" : unit)}";
            }
            case 3:
            {
                var text = InterestingStrings[random.Next(InterestingStrings.Length)];
                slot.Replace(JsonValue.Create(text));
                return $"string:{slot.Path}={Shorten(text)}";
            }
            case 4:
            {
                var number = Numbers[random.Next(Numbers.Length)];
                splices.Set(slot, number, out _);
                return $"number:{slot.Path}={Shorten(number)}";
            }
            case 5:
            {
                var depth = random.Next(4) switch { 0 => 65, 1 => 1_000, 2 => 10_000, _ => random.Next(60, 70) };
                splices.Set(slot, Deep(random, depth), out _);
                return $"deep:{slot.Path}:{depth}";
            }
            case 6:
            {
                var (array, description) = HugeArray(random);
                splices.Set(slot, array, out _);
                return $"huge-array:{slot.Path}:{description}";
            }
            case 7:
            {
                var bad = BadUtf8[random.Next(BadUtf8.Length)];
                var text = slot.Node is JsonValue value && value.TryGetValue<string>(out var s) ? s : "text";
                var at = random.Next(text.Length + 1);
                splices.SetBytes(slot, [.. Encoding.UTF8.GetBytes("\"" + Escape(text[..at])), .. bad, .. Encoding.UTF8.GetBytes(Escape(text[at..]) + "\"")]);
                return $"bad-utf8:{slot.Path}:{Convert.ToHexString(bad)}";
            }
            case 8:
            {
                var surrogate = Surrogates[random.Next(Surrogates.Length)];
                if (random.Next(4) == 0 && slot.Parent is JsonObject)
                {
                    splices.RenameKey(slot, surrogate);
                    return $"surrogate-key:{slot.Path}={surrogate}";
                }

                splices.Set(slot, surrogate, out _);
                return $"surrogate:{slot.Path}={surrogate}";
            }
            case 9:
            {
                // JSON allows duplicate names; JsonDocument keeps both and TryGetProperty finds the last one.
                if (slot.Parent is not JsonObject parent)
                {
                    goto case 0;
                }

                var duplicate = random.Next(3) switch
                {
                    0 => WrongTypes[random.Next(WrongTypes.Length)],
                    1 => JsonSerializer.Serialize(InterestingStrings[random.Next(InterestingStrings.Length)], Serializer),
                    _ => slot.Node?.ToJsonString(Serializer) ?? "null",
                };
                splices.AddDuplicate(parent, slot.Key!, duplicate);
                return $"duplicate-key:{slot.Path}={Shorten(duplicate)}";
            }
            case 10:
            {
                var other = corpus.Seeds[random.Next(corpus.Seeds.Count)].Parse();
                var donor = PickSlot(random, other);
                slot.Replace(donor.Node?.DeepClone());
                return $"crossover:{slot.Path}<-{donor.Path}";
            }
            case 11:
            {
                if (slot.Node is JsonObject target)
                {
                    var name = random.Next(3) == 0 ? "" : $"extra{random.Next(1000)}";
                    target[name] = JsonValue.Create(InterestingStrings[random.Next(InterestingStrings.Length)]);
                    return $"add-field:{slot.Path}.{name}";
                }

                goto case 0;
            }
            default:
                if (slot.Node is JsonArray items)
                {
                    var copies = random.Next(2, 200);
                    var item = items.Count > 0 ? items[0] : null;
                    for (var i = 0; i < copies; i++)
                    {
                        items.Add(item?.DeepClone());
                    }

                    return $"repeat-items:{slot.Path}:{copies}";
                }

                goto case 3;
        }
    }

    private byte[] RootReplacement(Random random, out string description)
    {
        switch (random.Next(6))
        {
            case 0:
                var depth = random.Next(2) == 0 ? 10_000 : 100_000;
                description = $"root-deep:{depth}";
                return Encoding.UTF8.GetBytes(Deep(random, depth));
            case 1:
                var (array, shape) = HugeArray(random);
                description = $"root-huge-array:{shape}";
                return Encoding.UTF8.GetBytes(array);
            case 2:
                var other = WrongTypes[random.Next(WrongTypes.Length)];
                description = $"root-type:{other}";
                return Encoding.UTF8.GetBytes(other);
            case 3:
                description = "root-utf16";
                return Encoding.Unicode.GetBytes(corpus.Seeds[random.Next(corpus.Seeds.Count)].Json);
            case 4:
                var length = HugeLength(random);
                description = $"root-huge-string:{length}";
                return Encoding.UTF8.GetBytes("\"" + new string('x', length) + "\"");
            default:
                var bytes = new byte[random.Next(1, 4096)];
                random.NextBytes(bytes);
                description = $"root-random-bytes:{bytes.Length}";
                return bytes;
        }
    }

    /// <summary>Lengths around the body limit: well under, just under, just over, far over.</summary>
    private int HugeLength(Random random) => random.Next(6) switch
    {
        0 => random.Next(1_000, 30_000),
        1 => random.Next(30_000, _maxBodyBytes - 4_096),
        2 => _maxBodyBytes - random.Next(0, 2_048),
        3 => _maxBodyBytes + random.Next(0, 2_048),
        4 => _maxBodyBytes * 2,
        _ => _maxBodyBytes * 4,
    };

    private static string Deep(Random random, int depth) => random.Next(3) switch
    {
        0 => new string('[', depth) + new string(']', depth),
        1 => Repeat("{\"a\":", depth) + "null" + new string('}', depth),
        // Opened and never closed: the parser must give up at its depth limit, not at the end.
        _ => new string('[', depth),
    };

    private static (string Json, string Description) HugeArray(Random random)
    {
        var count = random.Next(4) switch { 0 => 1_000, 1 => 20_000, 2 => 100_000, _ => 300_000 };
        var element = random.Next(4) switch { 0 => "0", 1 => "{}", 2 => "\"a\"", _ => "null" };
        var builder = new StringBuilder(count * (element.Length + 1) + 2).Append('[');
        for (var i = 0; i < count; i++)
        {
            builder.Append(i == 0 ? "" : ",").Append(element);
        }

        return (builder.Append(']').ToString(), $"{count}x{element}");
    }

    private static Slot PickSlot(Random random, JsonNode root)
    {
        var slots = new List<Slot>();
        Collect(root, "", slots);
        if (random.Next(2) == 0)
        {
            var wanted = FieldsTheGatewayReads[random.Next(FieldsTheGatewayReads.Length)];
            if (slots.FirstOrDefault(slot => slot.Path == wanted) is { } known)
            {
                return known;
            }
        }

        return slots[random.Next(slots.Count)];
    }

    private static void Collect(JsonNode node, string path, List<Slot> slots)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    var childPath = path.Length == 0 ? key : $"{path}.{key}";
                    slots.Add(new Slot(obj, key, -1, child, childPath));
                    if (child is not null)
                    {
                        Collect(child, childPath, slots);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var childPath = $"{path}[{i}]";
                    slots.Add(new Slot(array, null, i, array[i], childPath));
                    if (array[i] is { } child)
                    {
                        Collect(child, childPath, slots);
                    }
                }

                break;
        }
    }

    private static string Repeat(string unit, int count) => new StringBuilder(unit.Length * count).Insert(0, unit, count).ToString();

    private static string Escape(string text) => JsonSerializer.Serialize(text, Serializer)[1..^1];

    private static string Shorten(string text) => text.Length <= 40 ? text : $"{text[..40]}…({text.Length})";

    /// <summary>A place in the tree: a property of an object or an item of an array.</summary>
    private sealed record Slot(JsonNode Parent, string? Key, int Index, JsonNode? Node, string Path)
    {
        public void Replace(JsonNode? value)
        {
            if (Parent is JsonObject obj)
            {
                obj[Key!] = value;
            }
            else if (Parent is JsonArray array)
            {
                array[Index] = value;
            }
        }

        public bool Remove() => Parent switch
        {
            JsonObject obj => obj.Remove(Key!),
            JsonArray array when Index < array.Count => RemoveAt(array, Index),
            _ => false,
        };

        private static bool RemoveAt(JsonArray array, int index)
        {
            array.RemoveAt(index);
            return true;
        }
    }

    /// <summary>Raw bytes to put where marker strings stand after serialisation.</summary>
    private sealed class Splices
    {
        private readonly List<(byte[] Marker, byte[] Raw)> _splices = [];

        public void Set(Slot slot, string raw, out string rawText)
        {
            rawText = raw;
            SetBytes(slot, Encoding.UTF8.GetBytes(raw));
        }

        public void SetBytes(Slot slot, byte[] raw)
        {
            var marker = NewMarker();
            slot.Replace(JsonValue.Create(marker));
            _splices.Add((Encoding.UTF8.GetBytes($"\"{marker}\""), raw));
        }

        public void RenameKey(Slot slot, string rawKey)
        {
            var marker = NewMarker();
            var obj = (JsonObject)slot.Parent;
            var value = slot.Node?.DeepClone();
            obj.Remove(slot.Key!);
            obj[marker] = value;
            _splices.Add((Encoding.UTF8.GetBytes($"\"{marker}\""), Encoding.UTF8.GetBytes(rawKey)));
        }

        public void AddDuplicate(JsonObject parent, string key, string rawValue)
        {
            var marker = NewMarker();
            parent[marker] = JsonValue.Create(0);
            _splices.Add((Encoding.UTF8.GetBytes($"\"{marker}\":0"), Encoding.UTF8.GetBytes($"{JsonSerializer.Serialize(key, Serializer)}:{rawValue}")));
        }

        public byte[] Apply(byte[] serialized)
        {
            foreach (var (marker, raw) in _splices)
            {
                serialized = FuzzCase.Replace(serialized, marker, raw);
            }

            return serialized;
        }

        private string NewMarker() => $"@@fuzz-splice-{_splices.Count}@@";
    }
}
