using Handoff.BotGateway.Localization;

namespace Handoff.BotGateway.Tests.Localization;

public sealed class ReplyLanguageTests
{
    [Theory]
    [InlineData("de-DE", "de")]
    [InlineData("de-AT", "de")]
    [InlineData("DE-ch", "de")]
    [InlineData("de", "de")]
    [InlineData("de_DE", "de")]
    [InlineData("de-CH-1996", "de")]
    [InlineData("fr-FR", "fr")]
    [InlineData("fr-CA", "fr")]
    [InlineData("en-US", "en")]
    [InlineData("en-GB", "en")]
    public void A_locale_is_answered_in_its_language_or_its_parents(string locale, string language) =>
        Assert.Equal(language, ReplyLanguage.For(locale).Name);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ja-JP")]
    [InlineData("xx-@@")]
    [InlineData("d")]
    [InlineData("de--DE")]
    [InlineData("-de")]
    [InlineData("de-DE-")]
    [InlineData("deutsch-und-noch-viel-mehr")]
    [InlineData("12-DE")]
    [InlineData("de-\tDE")]
    [InlineData("<script>")]
    [InlineData("de-verylongsubtag")]
    public void A_missing_malformed_or_unsupported_locale_is_English(string? locale)
    {
        var language = ReplyLanguage.For(locale);

        Assert.Equal("en", language.Name);
        Assert.Equal("en", language.Locale);
    }

    [Fact]
    public void A_locale_of_500_characters_is_English_and_travels_nowhere()
    {
        var locale = "de-" + string.Join("-", Enumerable.Repeat("abcdefgh", 55));

        Assert.Equal("en", ReplyLanguage.For(locale).Name);
        Assert.Null(ReplyLanguage.WellFormed(locale));
        Assert.Null(ReplyLanguage.WellFormed(new string('x', 500)));
    }

    [Fact]
    public void The_locale_sent_back_is_the_users_own_tag_when_it_chose_the_language()
    {
        Assert.Equal("de-AT", ReplyLanguage.For("de-AT").Locale);
        Assert.Equal("de-DE", ReplyLanguage.For(" de_DE ").Locale);
        Assert.Equal("en", ReplyLanguage.For("ja-JP").Locale);
    }

    [Fact]
    public void Only_a_locale_of_the_right_shape_is_kept_for_later_replies()
    {
        Assert.Equal("fr-CA", ReplyLanguage.WellFormed("fr-CA"));
        Assert.Equal("ja-JP", ReplyLanguage.WellFormed("ja-JP"));
        Assert.Null(ReplyLanguage.WellFormed("xx-@@"));
        Assert.Null(ReplyLanguage.WellFormed("fr CA"));
        Assert.Null(ReplyLanguage.WellFormed(null));
    }

    [Fact]
    public void A_search_is_given_the_users_locale_only_when_it_is_one()
    {
        Assert.Equal("de-AT", Handoff.Initiation.HandoffSearchQuery.LocaleOrDefault("de-AT"));
        Assert.Equal("en-US", Handoff.Initiation.HandoffSearchQuery.LocaleOrDefault(new string('x', 500)));
        Assert.Equal("en-US", Handoff.Initiation.HandoffSearchQuery.LocaleOrDefault(null));
    }
}
