using System.ComponentModel.DataAnnotations;

namespace Handoff.BotGateway.Agents.ChatModel;

/// <summary>Section <c>Chat</c>: how long a turn may wait for the model, and how often a failed call is tried again.</summary>
public sealed class ChatModelOptions
{
    public const string SectionName = "Chat";

    /// <summary>
    /// The whole turn, every attempt and the streaming included: past it the turn is given up and the user told. It is
    /// also how long one turn holds the consumer at most; Teams' own 15 s never applies, the HTTP turn was answered at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan TurnTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one call may take to give its first piece of text before it is abandoned and tried again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Calls per turn: a timeout, 429 or 5xx before any text was streamed is tried again, with backoff.</summary>
    [Range(1, 10)]
    public int Attempts { get; set; } = 3;

    /// <summary>The first backoff; each next one doubles, with jitter (a 429's Retry-After, when longer, wins).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan FirstBackoff { get; set; } = TimeSpan.FromSeconds(1);
}
