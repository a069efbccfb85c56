using Handoff.BotGateway.Agents;
using System.Text.RegularExpressions;
using Handoff.BotGateway.Localization;

namespace Handoff.BotGateway.Tests.Localization;

/// <summary>Every reply exists in every language, says the same things, and can be filled in.</summary>
public sealed partial class ReplyTextsTests
{
    public static TheoryData<string> Languages => [.. ReplyLanguage.Supported];

    public static TheoryData<string> Translations => [.. ReplyLanguage.Supported.Where(name => name != ReplyLanguage.English.Name)];

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_language_has_every_reply_and_no_other(string language)
    {
        var keys = ReplyTexts.Translated(language).Keys.ToHashSet();

        Assert.Equal(Enum.GetNames<Reply>().Order(), keys.Order());
        Assert.All(ReplyTexts.Translated(language), text => Assert.False(string.IsNullOrWhiteSpace(text.Value), $"{language}: {text.Key} is empty"));
    }

    [Fact]
    public void Every_supported_language_has_a_resource_file_in_the_source()
    {
        var files = Directory.GetFiles(Path.Combine(TestSupport.RepositoryRoot.Path, "src", "BotGateway", "Localization"), "Replies*.resx")
            .Select(Path.GetFileName)
            .Order()
            .ToList();

        Assert.Equal(ReplyLanguage.Supported.Select(name => name == "en" ? "Replies.resx" : $"Replies.{name}.resx").Order(), files);
    }

    [Theory]
    [MemberData(nameof(Translations))]
    public void A_translation_has_the_same_placeholders_bold_words_and_paragraphs_as_English(string language)
    {
        var english = ReplyTexts.Translated(ReplyLanguage.English.Name);
        Assert.All(ReplyTexts.Translated(language), text =>
        {
            Assert.True(Placeholders(english[text.Key]).SetEquals(Placeholders(text.Value)), $"{language}: {text.Key} has other placeholders than English");
            // A translation names the same commands, in its own words, and each word it names is one the chat understands.
            Assert.Equal(Commands(english[text.Key]), Commands(text.Value));
            Assert.Equal(english[text.Key].Split("\n\n").Length, text.Value.Split("\n\n").Length);
        });
    }

    [Theory]
    [MemberData(nameof(Translations))]
    public void A_translation_is_translated(string language)
    {
        var english = ReplyTexts.Translated(ReplyLanguage.English.Name);
        // The card's "Link" fact is the same word in German.
        string[] same = [nameof(Reply.FactLink)];

        Assert.All(ReplyTexts.Translated(language).Where(text => !same.Contains(text.Key)),
            text => Assert.NotEqual(english[text.Key], text.Value));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_reply_can_be_filled_in(string name)
    {
        var language = ReplyLanguage.For(name);
        var arguments = Enumerable.Range(0, 4).Select(index => (object)$"<{index}>").ToArray();

        Assert.All(Enum.GetValues<Reply>(), reply => Assert.DoesNotContain("{", language.Format(reply, arguments), StringComparison.Ordinal));
    }

    [Fact]
    public void A_language_is_looked_up_as_given_without_touching_the_threads_culture()
    {
        var before = (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture);

        var german = ReplyLanguage.For("de-DE").Text(Reply.OpenCopilot);
        var french = ReplyLanguage.For("fr-FR").Text(Reply.OpenCopilot);

        Assert.Equal(("Copilot öffnen", "Ouvrir Copilot"), (german, french));
        Assert.Equal(before, (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture));
    }

    private static HashSet<string> Placeholders(string text) => [.. PlaceholderPattern().Matches(text).Select(match => match.Value)];

    /// <summary>The commands a text names in bold, in order, by the list that understands each.</summary>
    private static List<string> Commands(string text) =>
        [.. BoldPattern().Matches(text).Select(match => match.Value.Trim('*')).Select(word =>
            ChatCommands.Next.Contains(word) ? nameof(ChatCommands.Next)
            : ChatCommands.Status.Contains(word) ? nameof(ChatCommands.Status)
            : ChatCommands.Switch.Contains(word) ? nameof(ChatCommands.Switch)
            : ChatCommands.Forget.Contains(word) ? nameof(ChatCommands.Forget)
            : null).OfType<string>()];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"\*\*[^*]+\*\*")]
    private static partial Regex BoldPattern();
}
