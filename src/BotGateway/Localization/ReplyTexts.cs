using System.Collections.Frozen;
using System.Globalization;
using System.Resources;

namespace Handoff.BotGateway.Localization;

/// <summary>
/// A <see cref="Reply"/> in a <see cref="ReplyLanguage"/>, read from the <c>Replies*.resx</c> compiled into this assembly;
/// a key a translation lacks reads as English, as ResourceManager's fallback to the neutral resources would.
/// </summary>
/// <remarks>
/// Not ResourceManager with satellite assemblies: the services run with <c>InvariantGlobalization</c>, where creating
/// any CultureInfo but the invariant one throws, and where every culture's parent is the invariant one (ADR 0026).
/// The language is passed to each call, so no thread's culture is ever set.
/// </remarks>
public static class ReplyTexts
{
    private static readonly FrozenDictionary<string, FrozenDictionary<string, string>> Languages =
        ReplyLanguage.Supported.ToFrozenDictionary(name => name, Load);

    public static string Text(this ReplyLanguage language, Reply reply) =>
        Languages[language.Name].GetValueOrDefault(reply.ToString()) ?? Languages[ReplyLanguage.English.Name][reply.ToString()];

    /// <summary>The text with its <c>{0}</c>, <c>{1}</c>… filled in; numbers are written the invariant way in every language.</summary>
    public static string Format(this ReplyLanguage language, Reply reply, params object[] arguments) =>
        string.Format(CultureInfo.InvariantCulture, language.Text(reply), arguments);

    /// <summary>The texts one language's resource file holds, by key (for the tests that hold every file to English's keys).</summary>
    public static IReadOnlyDictionary<string, string> Translated(string languageName) => Languages[languageName];

    private static FrozenDictionary<string, string> Load(string languageName)
    {
        var name = languageName == ReplyLanguage.English.Name ? "Replies" : $"Replies.{languageName}";
        using var stream = typeof(ReplyTexts).Assembly.GetManifestResourceStream($"Handoff.BotGateway.Localization.{name}.resources")
                           ?? throw new InvalidOperationException($"{name}.resx is not compiled into {typeof(ReplyTexts).Assembly.GetName().Name}.");
        using var reader = new ResourceReader(stream);
        var texts = new Dictionary<string, string>();
        foreach (System.Collections.DictionaryEntry entry in reader)
        {
            texts[(string)entry.Key] = (string)entry.Value!;
        }

        return texts.ToFrozenDictionary();
    }
}
