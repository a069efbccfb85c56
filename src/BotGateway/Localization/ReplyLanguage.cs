namespace Handoff.BotGateway.Localization;

/// <summary>
/// The language a reply is written in, chosen from the user's Bot Framework <c>locale</c> (<c>de-DE</c>, <c>fr-CA</c>):
/// the most specific of <see cref="Supported"/> that the locale falls under (<c>de-AT</c> → <c>de</c>), else English.
/// A missing, malformed or unsupported locale is English, never an error. <see cref="Locale"/> is what outgoing
/// activities carry: the user's own tag when it chose this language, else the language's name.
/// </summary>
public sealed record ReplyLanguage
{
    /// <summary>The languages <c>Replies.&lt;name&gt;.resx</c> translates, English (the neutral <c>Replies.resx</c>) first.</summary>
    public static readonly IReadOnlyList<string> Supported = ["en", "de", "fr"];

    /// <summary>RFC 5646 §4.4.1: 35 characters hold every tag a sender needs; anything longer is not a locale.</summary>
    public const int MaxLocaleLength = 35;

    public static readonly ReplyLanguage English = new("en", "en");

    private ReplyLanguage(string name, string locale)
    {
        Name = name;
        Locale = locale;
    }

    /// <summary>One of <see cref="Supported"/>.</summary>
    public string Name { get; }

    public string Locale { get; }

    public static ReplyLanguage For(string? locale)
    {
        if (WellFormed(locale) is not { } tag)
        {
            return English;
        }

        // Bot Framework locales are BCP 47 tags; the parents of de-CH-1996 are de-CH and de, as CultureInfo.Parent would say.
        for (var candidate = tag.ToLowerInvariant(); candidate.Length > 0; candidate = candidate[..Math.Max(0, candidate.LastIndexOf('-'))])
        {
            if (Supported.Contains(candidate))
            {
                return new ReplyLanguage(candidate, tag);
            }
        }

        return English;
    }

    /// <summary>
    /// The locale if it has the shape of a BCP 47 tag (letters, digits and hyphens, a 2–8 letter language first, at most
    /// <see cref="MaxLocaleLength"/> characters; <c>de_DE</c> is read as <c>de-DE</c>), else null: what may travel on in
    /// queued messages and outgoing activities.
    /// </summary>
    public static string? WellFormed(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale))
        {
            return null;
        }

        var tag = locale.Trim().Replace('_', '-');
        if (tag.Length > MaxLocaleLength)
        {
            return null;
        }

        var subtags = tag.Split('-');
        var language = subtags[0];
        if (language.Length is < 2 or > 8 || !language.All(char.IsAsciiLetter))
        {
            return null;
        }

        return subtags.Skip(1).All(subtag => subtag.Length is >= 1 and <= 8 && subtag.All(char.IsAsciiLetterOrDigit)) ? tag : null;
    }
}
