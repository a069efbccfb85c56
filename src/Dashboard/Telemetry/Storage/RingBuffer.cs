using System.Diagnostics.CodeAnalysis;

namespace Handoff.Dashboard.Telemetry.Storage;

/// <summary>
/// A bounded queue that drops its oldest item when full, indexable from oldest (0) to newest. Grows its
/// array on demand so a generous limit costs nothing until it is used. Not thread-safe.
/// </summary>
internal sealed class RingBuffer<T>
{
    private const int InitialSize = 256;
    private readonly int capacity;
    private T[] items;
    private int head;

    public RingBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.capacity = capacity;
        items = new T[Math.Min(capacity, InitialSize)];
    }

    public int Count { get; private set; }

    public T this[int index] => items[(head + index) % items.Length];

    /// <summary>Appends; when full, the oldest item makes room and is handed back.</summary>
    public bool Add(T item, [MaybeNullWhen(false)] out T evicted)
    {
        if (Count == items.Length && Count < capacity)
        {
            Grow();
        }

        if (Count < items.Length)
        {
            items[(head + Count) % items.Length] = item;
            Count++;
            evicted = default;
            return false;
        }

        evicted = items[head];
        items[head] = item;
        head = (head + 1) % items.Length;
        return true;
    }

    private void Grow()
    {
        var larger = new T[(int)Math.Min(capacity, (long)items.Length * 2)];
        for (var i = 0; i < Count; i++)
        {
            larger[i] = this[i];
        }

        items = larger;
        head = 0;
    }
}
