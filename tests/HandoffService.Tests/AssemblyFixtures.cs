using Handoff.TestSupport;

[assembly: AssemblyFixture(typeof(RabbitMqFixture))]

// Every test's HandoffService consumes the same queue of the one RabbitMQ: run them one at a time so a test's
// handoffs are redeemed by the service it configured.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
