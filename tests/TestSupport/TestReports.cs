namespace Handoff.TestSupport;

/// <summary>The reports tests leave in <c>artifacts/</c>: figures for the notes, and the evidence when one fails.</summary>
public static class TestReports
{
    public static Task WriteAsync(string fileName, string text) => WriteAsync(fileName, [text]);

    public static async Task WriteAsync(string fileName, IEnumerable<string> lines)
    {
        var path = Path.Combine(RepositoryRoot.Path, "artifacts", fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllLinesAsync(path, lines, CancellationToken.None);
    }
}
