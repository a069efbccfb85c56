using System.ComponentModel.DataAnnotations;

namespace Handoff.BotGateway.Handoff.Initiation;

/// <summary>
/// Section <c>Handoff</c>: the default search's catalogue. Without <see cref="CatalogueFile"/> it is the built-in demo
/// tasks; with it, a team's own tasks, without code of its own.
/// </summary>
public sealed class CatalogueOptions : IValidatableObject
{
    public const string SectionName = "Handoff";

    /// <summary>A JSON file shaped like the built-in <c>task-catalogue.json</c>, relative to the content root or absolute.</summary>
    public string? CatalogueFile { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CatalogueFile is null)
        {
            yield break;
        }

        string? problem = null;
        if (!File.Exists(CatalogueFile))
        {
            problem = $"Handoff:CatalogueFile '{CatalogueFile}' does not exist.";
        }
        else
        {
            try
            {
                TaskCatalogue.LoadFile(CatalogueFile);
            }
            catch (Exception exception) when (exception is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                problem = exception.Message;
            }
        }

        if (problem is not null)
        {
            yield return new ValidationResult(problem, [nameof(CatalogueFile)]);
        }
    }
}
