using System.Globalization;
using System.Text;

namespace Handoff.Funnel.Prometheus;

/// <summary>
/// Reads the Prometheus text exposition format 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format) into samples.
/// The text comes from another process, so a line that does not parse is skipped rather than thrown on:
/// one bad series must not hide the rest of a replica's figures.
/// </summary>
public static class PrometheusText
{
    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        foreach (var line in text.Split('\n'))
        {
            if (TryParseLine(line.TrimEnd('\r'), out var sample))
            {
                samples.Add(sample);
            }
        }

        return samples;
    }

    /// <summary>One sample line; false for blank lines, comments (<c># HELP</c>, <c># TYPE</c>, others) and malformed lines.</summary>
    public static bool TryParseLine(string line, out PrometheusSample sample)
    {
        sample = null!;
        var reader = new LineReader(line);
        reader.SkipWhitespace();
        if (reader.AtEnd || reader.Peek == '#')
        {
            return false;
        }

        var name = reader.ReadName(allowColon: true);
        if (name is null)
        {
            return false;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        reader.SkipWhitespace();
        if (!reader.AtEnd && reader.Peek == '{' && !reader.TryReadLabels(labels))
        {
            return false;
        }

        reader.SkipWhitespace();
        if (!TryParseNumber(reader.ReadToken(), out var value))
        {
            return false;
        }

        reader.SkipWhitespace();
        if (!reader.AtEnd && !long.TryParse(reader.ReadToken(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            return false;
        }

        reader.SkipWhitespace();
        if (!reader.AtEnd)
        {
            return false;
        }

        sample = new PrometheusSample(name, labels, value);
        return true;
    }

    /// <summary>A value or an <c>le</c> bound, in Go's spellings: <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c> (.NET's differ).</summary>
    public static bool TryParseNumber(string token, out double value)
    {
        switch (token.ToLowerInvariant())
        {
            case "+inf" or "inf":
                value = double.PositiveInfinity;
                return true;
            case "-inf":
                value = double.NegativeInfinity;
                return true;
            case "nan":
                value = double.NaN;
                return true;
            case "" or "infinity" or "+infinity" or "-infinity":
                value = 0;
                return false;
            default:
                return double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    private ref struct LineReader(string line)
    {
        private readonly string _line = line;
        private int _position;

        public readonly bool AtEnd => _position >= _line.Length;

        public readonly char Peek => _line[_position];

        public void SkipWhitespace()
        {
            while (!AtEnd && (Peek == ' ' || Peek == '\t'))
            {
                _position++;
            }
        }

        public string ReadToken()
        {
            var start = _position;
            while (!AtEnd && Peek != ' ' && Peek != '\t')
            {
                _position++;
            }

            return _line[start.._position];
        }

        /// <summary>A metric name <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>, or a label name (no colon).</summary>
        public string? ReadName(bool allowColon)
        {
            var start = _position;
            while (!AtEnd && (char.IsAsciiLetter(Peek) || Peek == '_' || (allowColon && Peek == ':') || (_position > start && char.IsAsciiDigit(Peek))))
            {
                _position++;
            }

            return _position > start ? _line[start.._position] : null;
        }

        public bool TryReadLabels(Dictionary<string, string> labels)
        {
            _position++;
            while (true)
            {
                SkipWhitespace();
                if (AtEnd)
                {
                    return false;
                }

                if (Peek == '}')
                {
                    _position++;
                    return true;
                }

                var name = ReadName(allowColon: false);
                SkipWhitespace();
                if (name is null || AtEnd || Peek != '=')
                {
                    return false;
                }

                _position++;
                SkipWhitespace();
                var value = ReadQuoted();
                if (value is null || !labels.TryAdd(name, value))
                {
                    return false;
                }

                SkipWhitespace();
                if (!AtEnd && Peek == ',')
                {
                    _position++;
                }
                else if (AtEnd || Peek != '}')
                {
                    return false;
                }
            }
        }

        /// <summary>A label value in double quotes; the only escapes the format has are <c>\\</c>, <c>\"</c> and <c>\n</c>.</summary>
        private string? ReadQuoted()
        {
            if (AtEnd || Peek != '"')
            {
                return null;
            }

            _position++;
            var value = new StringBuilder();
            while (!AtEnd)
            {
                var c = _line[_position++];
                if (c == '"')
                {
                    return value.ToString();
                }

                if (c != '\\')
                {
                    value.Append(c);
                    continue;
                }

                if (AtEnd)
                {
                    return null;
                }

                var escaped = _line[_position++];
                switch (escaped)
                {
                    case '\\' or '"':
                        value.Append(escaped);
                        break;
                    case 'n':
                        value.Append('\n');
                        break;
                    default:
                        return null;
                }
            }

            return null;
        }
    }
}
