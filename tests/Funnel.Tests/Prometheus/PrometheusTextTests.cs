using Handoff.Funnel.Prometheus;

namespace Handoff.Funnel.Tests.Prometheus;

public sealed class PrometheusTextTests
{
    [Fact]
    public void Help_type_and_other_comments_and_blank_lines_yield_no_samples()
    {
        var samples = PrometheusText.Parse("""
            # HELP handoff_clicks_total handoff/action invokes accepted.
            # TYPE handoff_clicks_total counter

            # a comment of our own
            # EOF
            """);

        Assert.Empty(samples);
    }

    [Fact]
    public void A_sample_has_its_name_labels_and_value()
    {
        var sample = Assert.Single(PrometheusText.Parse("""handoff_clicks_total{otel_scope_name="Handoff",tenant_id="contoso"} 17"""));

        Assert.Equal("handoff_clicks_total", sample.Name);
        Assert.Equal("Handoff", sample.Labels["otel_scope_name"]);
        Assert.Equal("contoso", sample.Labels["tenant_id"]);
        Assert.Equal(17, sample.Value);
    }

    [Fact]
    public void A_sample_without_labels_has_none() =>
        Assert.Empty(Assert.Single(PrometheusText.Parse("process_uptime 12.5")).Labels);

    [Fact]
    public void A_timestamp_after_the_value_is_accepted_and_dropped() =>
        Assert.Equal(3, Assert.Single(PrometheusText.Parse("""handoff_cards_total{otel_scope_name="Handoff"} 3 1765380000123""")).Value);

    [Fact]
    public void Escaped_quotes_backslashes_and_newlines_in_label_values_are_unescaped()
    {
        var sample = Assert.Single(PrometheusText.Parse("""handoff_outcomes_total{reason="say \"hi\"\\n\nnext"} 1"""));

        Assert.Equal("say \"hi\"\\n\nnext", sample.Labels["reason"]);
    }

    [Fact]
    public void A_comma_or_brace_inside_a_quoted_value_does_not_end_it() =>
        Assert.Equal("a,b}c", Assert.Single(PrometheusText.Parse("""x{v="a,b}c"} 1""")).Labels["v"]);

    [Theory]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("-Inf", double.NegativeInfinity)]
    [InlineData("1.5e-3", 0.0015)]
    [InlineData("-2", -2)]
    public void Special_and_exponent_values_are_read_as_Go_writes_them(string written, double expected) =>
        Assert.Equal(expected, Assert.Single(PrometheusText.Parse($"x {written}")).Value);

    [Fact]
    public void NaN_is_a_value() =>
        Assert.True(double.IsNaN(Assert.Single(PrometheusText.Parse("x NaN")).Value));

    [Fact]
    public void The_le_label_of_the_last_bucket_is_kept_as_written() =>
        Assert.Equal("+Inf", Assert.Single(PrometheusText.Parse("""handoff_query_duration_seconds_bucket{otel_scope_name="Handoff",le="+Inf"} 9""")).Labels["le"]);

    [Fact]
    public void A_trailing_comma_in_the_labels_and_windows_line_ends_are_accepted() =>
        Assert.Equal(2, PrometheusText.Parse("a{x=\"1\",} 1\r\nb 2\r\n").Count);

    [Theory]
    [InlineData("""x{v="unterminated} 1""")]
    [InlineData("""x{v="bad \t escape"} 1""")]
    [InlineData("""x{v="1" w="2"} 1""")]
    [InlineData("""x{v="1",v="2"} 1""")]
    [InlineData("""x{9v="1"} 1""")]
    [InlineData("x")]
    [InlineData("x one")]
    [InlineData("x 1 yesterday")]
    [InlineData("x 1 2 3")]
    [InlineData("9x 1")]
    [InlineData("""{"quoted.name"} 1""")]
    public void A_malformed_line_is_skipped_and_the_lines_around_it_are_kept(string malformed)
    {
        var samples = PrometheusText.Parse($"before 1\n{malformed}\nafter 2");

        Assert.Equal(["before", "after"], samples.Select(sample => sample.Name));
    }
}
