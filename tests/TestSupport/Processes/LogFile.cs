namespace Handoff.TestSupport.Processes;

/// <summary>A process's console written to a file. Lines that arrive after <see cref="Dispose"/> are dropped, not thrown.</summary>
public sealed class LogFile(string path) : IDisposable
{
    private readonly StreamWriter _writer = new(path, append: true) { AutoFlush = true };
    private bool _closed;

    public string Path { get; } = path;

    public void Write(string line)
    {
        lock (_writer)
        {
            if (!_closed)
            {
                _writer.WriteLine(line);
            }
        }
    }

    public void Dispose()
    {
        lock (_writer)
        {
            _closed = true;
            _writer.Dispose();
        }
    }
}
