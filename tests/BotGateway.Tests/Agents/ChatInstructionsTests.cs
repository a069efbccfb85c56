using Handoff.BotGateway.Agents.ChatModel;
using Handoff.Contracts.State;
using Microsoft.Extensions.AI;
using static Handoff.BotGateway.Tests.Agents.AgentTurns;

namespace Handoff.BotGateway.Tests.Agents;

public sealed class ChatInstructionsTests
{
    [Fact]
    public void The_instructions_carry_the_Copilot_request_the_task_its_steps_the_step_reached_and_the_app_payload()
    {
        var instructions = ChatInstructions.For(Turn("what now?", Task(stepIndex: 1)));

        Assert.Contains("The user's request in Copilot: help me write the status update for the Contoso launch", instructions, StringComparison.Ordinal);
        Assert.Contains("The task: Weekly status update", instructions, StringComparison.Ordinal);
        Assert.Contains("About it: A short status update for your manager.", instructions, StringComparison.Ordinal);
        Assert.Contains("1. Gather what you finished\n2. Note what is blocked\n3. Send it", instructions.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("The user is on step 2 of 3: Note what is blocked", instructions, StringComparison.Ordinal);
        Assert.Contains("""{"ticket":"INC-4711","priority":2}""", instructions, StringComparison.Ordinal);
        Assert.Contains("en-GB", instructions, StringComparison.Ordinal);
    }

    [Fact]
    public void A_finished_task_and_no_payload_say_so_and_show_no_json()
    {
        var instructions = ChatInstructions.For(Turn("thanks", Task(stepIndex: 3, payload: null)));

        Assert.Contains("The user has done every step.", instructions, StringComparison.Ordinal);
        Assert.DoesNotContain("as JSON", instructions, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_task_the_model_is_told_none_was_handed_off_and_how_to_start_one()
    {
        var instructions = ChatInstructions.For(Turn("hello"));

        Assert.Contains("No task was handed off", instructions, StringComparison.Ordinal);
        Assert.Contains("Continue in chat", instructions, StringComparison.Ordinal);
    }

    [Fact]
    public void The_messages_are_the_instructions_then_both_sides_of_the_history_oldest_first_then_the_new_message()
    {
        var messages = ChatInstructions.Messages(Turn("and the third?", Task(),
            new ConversationMessage(ConversationRoles.User, "first question", Now),
            new ConversationMessage(ConversationRoles.Assistant, "first answer", Now.AddSeconds(1)),
            new ConversationMessage("system", "not from either side", Now.AddSeconds(2)),
            new ConversationMessage(ConversationRoles.User, "second question", Now.AddSeconds(3)),
            new ConversationMessage(ConversationRoles.Assistant, "second answer", Now.AddSeconds(4))));

        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.User, ChatRole.Assistant, ChatRole.User], messages.Select(message => message.Role));
        Assert.Equal(["first question", "first answer", "second question", "second answer", "and the third?"], messages.Skip(1).Select(message => message.Text));
    }
}
