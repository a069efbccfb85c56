using Handoff.AppHost.CommandLine;
using Microsoft.Extensions.Configuration;

namespace Handoff.AppHost.Tests;

/// <summary>The AppHost's own switches, read from the configuration Aspire builds from the command line.</summary>
public sealed class AppHostOptionsTests
{
    [Fact]
    public void Without_switches_the_system_runs_one_of_each_on_the_bot_port_in_development()
    {
        var options = AppHostOptions.From(Configuration());

        Assert.Equal((1, 0, 1, 3978, "Development"), (options.Replicas, options.RedisReplicas, options.RabbitMqNodes, options.GatewayPort, options.Environment));
        Assert.StartsWith(Path.Combine(Path.GetTempPath(), "handoff-apphost-"), options.DataDirectory, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_apphosts_in_one_process_get_data_folders_of_their_own()
    {
        Assert.NotEqual(AppHostOptions.From(Configuration()).DataDirectory, AppHostOptions.From(Configuration()).DataDirectory);
    }

    [Fact]
    public void Switches_on_the_command_line_are_read()
    {
        var options = AppHostOptions.From(Configuration("--replicas", "2", "--redis-replicas", "2", "--rabbitmq-nodes", "3", "--gateway-port", "4000", "--data-dir", "/tmp/x"));

        Assert.Equal((2, 2, 3, 4000, "/tmp/x"), (options.Replicas, options.RedisReplicas, options.RabbitMqNodes, options.GatewayPort, options.DataDirectory));
    }

    [Theory]
    [InlineData("--replicas", "0", "--replicas must be a whole number from 1 to 9 (got '0').")]
    [InlineData("--replicas", "two", "--replicas must be a whole number from 1 to 9 (got 'two').")]
    [InlineData("--redis-replicas", "-1", "--redis-replicas must be a whole number from 0 to 5 (got '-1').")]
    [InlineData("--rabbitmq-nodes", "10", "--rabbitmq-nodes must be a whole number from 1 to 9 (got '10').")]
    public void A_count_out_of_range_stops_start_up_naming_the_switch(string option, string value, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => AppHostOptions.From(Configuration(option, value)));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Publish_with_an_output_folder_is_aspires_publish_pipeline()
    {
        Assert.Equal(["--operation", "publish", "--step", "publish", "--output-path", "deploy"], AspireArguments.From(["publish", "--output", "deploy"]));
        Assert.Equal(["--replicas", "2"], AspireArguments.From(["--replicas", "2"]));
    }

    [Fact]
    public void Broker_tls_is_off_unless_set_and_takes_only_true_or_false()
    {
        Assert.False(AppHostOptions.From(Configuration()).BrokerTls);
        Assert.True(AppHostOptions.From(Configuration("--broker-tls", "true")).BrokerTls);
        var error = Assert.Throws<ArgumentException>(() => AppHostOptions.From(Configuration("--broker-tls", "yes")));
        Assert.Equal("--broker-tls must be true or false (got 'yes').", error.Message);
    }

    [Fact]
    public void The_bot_is_the_gateway_unless_a_team_project_is_named_and_an_unknown_name_is_refused_with_the_choices()
    {
        Assert.Equal(BotProject.Gateway, AppHostOptions.From(Configuration()).Bot);
        Assert.Equal(BotProject.TicketDesk, AppHostOptions.From(Configuration("--bot", "ticket-desk")).Bot);
        Assert.Equal(BotProject.Gateway, AppHostOptions.From(Configuration("--bot", "gateway")).Bot);
        var error = Assert.Throws<ArgumentException>(() => AppHostOptions.From(Configuration("--bot", "samples/TeamAgent")));
        Assert.Equal("--bot must be one of gateway, ticket-desk (got 'samples/TeamAgent').", error.Message);
    }

    private static IConfiguration Configuration(params string[] args) => new ConfigurationBuilder().AddCommandLine(args).Build();
}
