using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using Handoff.BotGateway.Agents;
using Handoff.BotGateway.Agents.ChatModel;
using Handoff.Contracts.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Handoff.BotGateway.Tests.Agents.AgentTurns;

namespace Handoff.BotGateway.Tests.Agents;

public sealed class ChatModelAgentTests
{
    private static readonly ChatModelOptions Fast = new()
    {
        Attempts = 3,
        AttemptTimeout = TimeSpan.FromMilliseconds(300),
        FirstBackoff = TimeSpan.FromMilliseconds(10),
    };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_answer_streams_piece_by_piece_in_the_models_order()
    {
        var model = new FakeChatClient(new FakeChatClient.Answer("Step 2 ", "is about ", "what is blocked."));

        var pieces = await ReadAllAsync(Agent(model).AnswerAsync(Turn("what now?", Task()), Cancellation));

        Assert.Equal(["Step 2 ", "is about ", "what is blocked."], pieces);
        Assert.True(Agent(model).IsGenerative);
    }

    [Fact]
    public async Task The_model_is_sent_the_context_in_its_instructions_and_the_history_before_the_new_message()
    {
        var model = new FakeChatClient(new FakeChatClient.Answer("ok"));
        var turn = Turn("and now?", Task(),
            new ConversationMessage(ConversationRoles.User, "hi", Now), new ConversationMessage(ConversationRoles.Assistant, "hello", Now));

        await ReadAllAsync(Agent(model).AnswerAsync(turn, Cancellation));

        var sent = Assert.Single(model.Calls);
        Assert.Contains("INC-4711", sent[0].Text, StringComparison.Ordinal);
        Assert.Equal(["hi", "hello", "and now?"], sent.Skip(1).Select(message => message.Text));
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    [InlineData(500)]
    public async Task A_busy_or_failing_model_is_tried_again_before_it_has_answered(int status)
    {
        var model = new FakeChatClient(new FakeChatClient.Fail(Failure(status)), new FakeChatClient.Answer("second time lucky"));

        var pieces = await ReadAllAsync(Agent(model).AnswerAsync(Turn("hello"), Cancellation));

        Assert.Equal(["second time lucky"], pieces);
        Assert.Equal(2, model.Calls.Count);
    }

    [Fact]
    public async Task A_model_that_never_answers_is_abandoned_after_the_attempt_timeout_and_tried_again()
    {
        var model = new FakeChatClient(new FakeChatClient.NeverAnswer(), new FakeChatClient.Answer("here"));

        var pieces = await ReadAllAsync(Agent(model).AnswerAsync(Turn("hello"), Cancellation));

        Assert.Equal(["here"], pieces);
        Assert.Equal(2, model.Calls.Count);
    }

    [Fact]
    public async Task Attempts_are_bounded_and_the_last_failure_says_why()
    {
        var model = new FakeChatClient(new FakeChatClient.Fail(Failure(429)), new FakeChatClient.Fail(Failure(429)), new FakeChatClient.Fail(Failure(429)),
            new FakeChatClient.Answer("never asked"));

        var failure = await Assert.ThrowsAsync<AgentUnavailableException>(() => ReadAllAsync(Agent(model).AnswerAsync(Turn("hello"), Cancellation)));

        Assert.Equal(AgentUnavailableException.Busy, failure.Reason);
        Assert.Equal(3, model.Calls.Count);
    }

    [Fact]
    public async Task Timeouts_on_every_attempt_end_as_a_timeout()
    {
        var model = new FakeChatClient(new FakeChatClient.NeverAnswer(), new FakeChatClient.NeverAnswer(), new FakeChatClient.NeverAnswer());

        var failure = await Assert.ThrowsAsync<AgentUnavailableException>(() => ReadAllAsync(Agent(model).AnswerAsync(Turn("hello"), Cancellation)));

        Assert.Equal(AgentUnavailableException.Timeout, failure.Reason);
    }

    [Fact]
    public async Task A_refusal_such_as_400_is_not_tried_again()
    {
        var model = new FakeChatClient(new FakeChatClient.Fail(Failure(400)), new FakeChatClient.Answer("never asked"));

        var failure = await Assert.ThrowsAsync<AgentUnavailableException>(() => ReadAllAsync(Agent(model).AnswerAsync(Turn("hello"), Cancellation)));

        Assert.Equal(AgentUnavailableException.Error, failure.Reason);
        Assert.Single(model.Calls);
    }

    [Fact]
    public async Task A_failure_after_text_was_streamed_is_not_tried_again_since_the_answer_would_repeat()
    {
        var model = new FakeChatClient(new FakeChatClient.Fail(Failure(503), "half an "), new FakeChatClient.Answer("never asked"));
        var pieces = new List<string>();

        await Assert.ThrowsAsync<AgentUnavailableException>(async () =>
        {
            await foreach (var piece in Agent(model).AnswerAsync(Turn("hello"), Cancellation))
            {
                pieces.Add(piece);
            }
        });

        Assert.Equal(["half an "], pieces);
        Assert.Single(model.Calls);
    }

    [Fact]
    public async Task A_connection_refused_is_tried_again()
    {
        var model = new FakeChatClient(new FakeChatClient.Fail(new HttpRequestException("Connection refused")), new FakeChatClient.Answer("back"));

        Assert.Equal(["back"], await ReadAllAsync(Agent(model).AnswerAsync(Turn("hello"), Cancellation)));
    }

    private static ChatModelAgent Agent(FakeChatClient model) =>
        new(model, Options.Create(Fast), TimeProvider.System, NullLogger<ChatModelAgent>.Instance);

    // As the OpenAI SDK reports a status; HttpRequestException as OllamaSharp does.
    private static Exception Failure(int status) => status % 2 == 0
        ? new HttpRequestException($"status {status}", null, (HttpStatusCode)status)
        : new ClientResultException($"status {status}", new StatusResponse(status));

    private sealed class StatusResponse(int status) : PipelineResponse
    {
        public override int Status => status;

        public override string ReasonPhrase => "";

        public override Stream? ContentStream { get; set; }

        public override BinaryData Content => BinaryData.Empty;

        protected override PipelineResponseHeaders HeadersCore => new EmptyHeaders();

        public override BinaryData BufferContent(CancellationToken cancellationToken = default) => BinaryData.Empty;

        public override ValueTask<BinaryData> BufferContentAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(BinaryData.Empty);

        public override void Dispose()
        {
        }
    }

    private sealed class EmptyHeaders : PipelineResponseHeaders
    {
        public override bool TryGetValue(string name, out string? value)
        {
            value = null;
            return false;
        }

        public override bool TryGetValues(string name, out IEnumerable<string>? values)
        {
            values = null;
            return false;
        }

        public override IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Enumerable.Empty<KeyValuePair<string, string>>().GetEnumerator();
    }
}
