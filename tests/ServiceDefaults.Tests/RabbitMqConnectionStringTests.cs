using Handoff.ServiceDefaults.Messaging;
using Microsoft.Extensions.Configuration;

namespace Handoff.ServiceDefaults.Tests;

public sealed class RabbitMqConnectionStringTests
{
    [Fact]
    public void Aspires_single_host_form_is_one_node()
    {
        var broker = RabbitMqConnectionString.Parse("amqp://guest:guest@127.0.0.1:5672/");

        Assert.Equal([new RabbitMqNode("127.0.0.1", 5672)], broker.Nodes);
        Assert.False(broker.IsCluster);
        Assert.False(broker.UseTls);
        Assert.Equal(("guest", "guest", "/"), (broker.UserName, broker.Password, broker.VirtualHost));
    }

    [Fact]
    public void Several_hosts_separated_by_commas_are_a_cluster_in_their_order()
    {
        var broker = RabbitMqConnectionString.Parse("amqp://handoff:s3cret@rabbit-0:5672,rabbit-1.rabbitmq:5673,10.0.0.7:5674/handoff");

        Assert.Equal([new RabbitMqNode("rabbit-0", 5672), new RabbitMqNode("rabbit-1.rabbitmq", 5673), new RabbitMqNode("10.0.0.7", 5674)], broker.Nodes);
        Assert.True(broker.IsCluster);
        Assert.Equal(("handoff", "s3cret", "handoff"), (broker.UserName, broker.Password, broker.VirtualHost));
    }

    [Theory]
    [InlineData("amqp://h1,h2:5680", 5672)]
    [InlineData("amqps://h1,h2:5680", 5671)]
    [InlineData("AMQPS://h1,h2:5680", 5671)]
    public void A_node_without_a_port_gets_the_schemes_default(string value, int defaultPort)
    {
        var broker = RabbitMqConnectionString.Parse(value);

        Assert.Equal([new RabbitMqNode("h1", defaultPort), new RabbitMqNode("h2", 5680)], broker.Nodes);
        Assert.Equal(defaultPort == 5671, broker.UseTls);
        Assert.Equal(("guest", "guest", "/"), (broker.UserName, broker.Password, broker.VirtualHost));
    }

    [Fact]
    public void Percent_encoded_credentials_and_virtual_host_are_decoded()
    {
        var broker = RabbitMqConnectionString.Parse("amqp://us%40er:p%3Ass%2Cw%2Frd%40@h1:5672,h2:5672/team%2Fhandoff");

        Assert.Equal("us@er", broker.UserName);
        Assert.Equal("p:ss,w/rd@", broker.Password);
        Assert.Equal("team/handoff", broker.VirtualHost);
    }

    [Fact]
    public void A_slash_in_an_unencoded_password_stays_in_the_password_and_is_never_read_as_the_virtual_host()
    {
        var broker = RabbitMqConnectionString.Parse("amqp://u:pa/ss@h1/vh");

        Assert.Equal(("u", "pa/ss", "vh"), (broker.UserName, broker.Password, broker.VirtualHost));
    }

    [Fact]
    public void A_user_without_a_password_gets_guests_password()
    {
        var broker = RabbitMqConnectionString.Parse("amqp://admin@h1/");

        Assert.Equal(("admin", "guest"), (broker.UserName, broker.Password));
    }

    [Theory]
    [InlineData(null, "it is empty")]
    [InlineData(" ", "it is empty")]
    [InlineData("rabbit-0:5672", "must start with amqp:// or amqps://")]
    [InlineData("http://h1:5672/", "must start with amqp:// or amqps://")]
    [InlineData("amqp://", "a host is missing")]
    [InlineData("amqp://u:p@/vhost", "a host is missing")]
    [InlineData("amqp://h1,,h3/", "a host is missing")]
    [InlineData("amqp://h1,h2,/", "a host is missing")]
    [InlineData("amqp://h1:notaport/", "the port of 'h1:notaport' must be a number from 1 to 65535")]
    [InlineData("amqp://h1:0/", "the port of 'h1:0' must be a number from 1 to 65535")]
    [InlineData("amqp://h1:65536/", "the port of 'h1:65536' must be a number from 1 to 65535")]
    [InlineData("amqp://h1:-5/", "the port of 'h1:-5' must be a number from 1 to 65535")]
    [InlineData("amqp://h1:5672:5673/", "the node 'h1:5672:5673' is not host or host:port")]
    [InlineData("amqp://[::1]:5672/", "IPv6 literal")]
    [InlineData("amqp://bad_host!:5672/", "the host 'bad_host!' is not a valid host name")]
    [InlineData("amqp://h1:5672,h1:5672/", "the node h1:5672 is listed twice")]
    [InlineData("amqp://h1/a/b", "the virtual host 'a/b' has a '/': encode it as %2F")]
    [InlineData("amqp://h1/?heartbeat=10", "query parameters and fragments are not supported")]
    public void A_malformed_string_says_what_is_wrong(string? value, string reason)
    {
        Assert.False(RabbitMqConnectionString.TryParse(value, out var parsed, out var error));
        Assert.Null(parsed);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_connection_string_stops_start_up_naming_the_key_the_form_and_hiding_the_password()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:rabbitmq"] = "amqp://handoff:hunter2@h1:5672,,h3:5672/" })
            .Build();

        var exception = Assert.Throws<InvalidOperationException>(() => MessagingRegistration.ReadConnectionString(configuration, "rabbitmq"));

        Assert.Contains("ConnectionStrings:rabbitmq", exception.Message, StringComparison.Ordinal);
        Assert.Contains("a host is missing", exception.Message, StringComparison.Ordinal);
        Assert.Contains(RabbitMqConnectionString.Format, exception.Message, StringComparison.Ordinal);
        Assert.Contains("amqp://handoff:***@h1:5672,,h3:5672/", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Its_text_hides_the_password()
    {
        var broker = RabbitMqConnectionString.Parse("amqp://handoff:hunter2@h1:5672,h2:5673/handoff");

        Assert.Equal("amqp://handoff:***@h1:5672,h2:5673/handoff", broker.ToString());
    }
}
