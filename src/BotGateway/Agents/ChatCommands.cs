namespace Handoff.BotGateway.Agents;

/// <summary>
/// The words that steer a chat, in every language the replies speak, each understood whatever the activity's locale
/// (a German user whose Teams is set to English still types "weiter"). Matched against <see cref="TurnText.Normalize"/>d
/// text. A reply names its language's first word (ReplyTextsTests checks each one it names is understood here).
/// </summary>
public static class ChatCommands
{
    /// <summary>Moves the task one step on.</summary>
    public static readonly IReadOnlyList<string> Next =
        ["next", "done", "continue", "weiter", "fertig", "erledigt", "suivant", "fini", "terminé", "termine", "continuer"];

    /// <summary>Says where the task stands (any other text does too, outside Copilot's own chat).</summary>
    public static readonly IReadOnlyList<string> Status = ["status", "statut", "état", "etat"];

    /// <summary>Goes back to the task an earlier handoff was working on.</summary>
    public static readonly IReadOnlyList<string> Switch =
        ["switch", "previous", "switch back", "zurück", "zurueck", "vorherige", "précédent", "precedent", "revenir"];

    /// <summary>Erases what the bot keeps about the user.</summary>
    public static readonly IReadOnlyList<string> Forget =
    [
        "forget me", "delete my data", "erase my data",
        "vergiss mich", "lösche meine daten", "löschen sie meine daten",
        "oublie-moi", "oubliez-moi", "supprime mes données", "supprimez mes données", "efface mes données",
    ];

    /// <summary>Whether <paramref name="normalized"/> is one of the commands: in Copilot's own chat, where no task runs, it gets a line asking what the user needs.</summary>
    public static bool IsCommand(string normalized) =>
        Next.Contains(normalized) || Status.Contains(normalized) || Switch.Contains(normalized);
}
